// Whether the CLI's reports are painted, by the common conventions: NO_COLOR (no-color.org: set and
// not empty) turns colour off; FORCE_COLOR turns it on even into a pipe or a file (1, 2, 3, true or
// empty; 0 or false turns it off), as node, chalk and most CLIs read it; TERM=dumb is a terminal that
// shows no colour; otherwise colour on a terminal only. The escapes are written here, not with
// util.styleText, which in node 20 leaves out colour whenever stdout is no terminal.
import type { Paint, Style } from '../index';

/** Whether to paint, given the environment and whether stdout is a terminal. */
export function isColourWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['TERM'] === 'dumb') return false;
  return isTTY;
}

// SGR on and off for each style (ECMA-48; node's util.inspect.colors)
const SGR: Record<Style, [number, number]> = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] };

/** The painter for standard output: colour when isColourWanted says so, plain text otherwise. */
export function painter(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): Paint {
  if (!isColourWanted(env, isTTY)) return (_style, text) => text;
  return (style, text) => `\u001b[${SGR[style][0]}m${text}\u001b[${SGR[style][1]}m`;
}
