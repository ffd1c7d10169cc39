/** The version of tavus-faces (sent in the Node `User-Agent`). Kept equal to package.json by a test. */
export const VERSION = '0.1.0';
