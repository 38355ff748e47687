/**
 * One regular expression written as several literals, one per line, so that a long expected sentence fits the line
 * width: the sources are joined unchanged, so each part keeps literal syntax and escapes. Split only between whole
 * tokens outside groups and classes.
 */
export function joinRegExp(parts: readonly RegExp[], flags = ''): RegExp {
  return new RegExp(parts.map((p) => p.source).join(''), flags);
}
