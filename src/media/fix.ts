/** The ffmpeg commands the `fix` texts give: one place, so every problem suggests the same encode. */

/** The input file's name for a command: the source's own name when it has one, quoted when it needs it. */
export function ffmpegInput(name: string | null, extension: string): string {
  const file = name ?? `input.${extension}`;
  return /^[\w.@%+=:,/-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
}

/**
 * H.264 (yuv420p, what every decoder takes) + AAC in an .mp4 with the moov at the start, 30 fps.
 * With a duration, the video bitrate is the one that keeps the file under 700 MB, a margin below the
 * 750 MB limit (ESD) for the container and the audio; without one, quality-based (`-crf 20`).
 */
export function reencode(input: string, output: string, durationS: number | null): string {
  const audioKbps = 128;
  let rate = '-crf 20';
  if (durationS !== null && durationS > 0) {
    const kbps = Math.floor((700e6 * 8) / durationS / 1000) - audioKbps;
    // A short video fits at any sensible bitrate; cap at 20 Mb/s, plenty for 1080p30.
    if (kbps < 20_000)
      rate = `-b:v ${Math.max(kbps, 100)}k -maxrate ${Math.max(kbps, 100)}k -bufsize ${2 * Math.max(kbps, 100)}k`;
  }
  return `ffmpeg -i ${input} -c:v libx264 -preset slow ${rate} -pix_fmt yuv420p -r 30 -c:a aac -b:a ${audioKbps}k -movflags +faststart ${output}`;
}
