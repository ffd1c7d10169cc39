/**
 * `tavus-faces/testing`: an in-process Tavus simulator for tests and demos.
 *
 * @packageDocumentation
 */
export {};
