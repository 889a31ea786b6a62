// Error replies of the embedded store. The texts are Redis 7.0's own, word for
// word, so that code matching on them (or a person reading a log) sees the same
// thing whichever transport answered.

/** A command failed the way Redis would refuse it; the text becomes the `error` of the reply. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const SYNTAX = 'ERR syntax error';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';

export const wrongArity = (name: string) =>
  new CommandError(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);

export const invalidExpire = (name: string) =>
  new CommandError(`ERR invalid expire time in '${name.toLowerCase()}' command`);

// Redis quotes the first arguments too; those may be personal data, and error
// texts end up in logs, so only the command name is repeated here.
export const unknownCommand = (name: string) =>
  new CommandError(`ERR unknown command '${name}': the embedded store does not implement it`);
