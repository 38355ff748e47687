/**
 * The exhaustion messages of the connection pools people run (ANALYSIS.md §9.1): the words a
 * service passes on when its pool, or the database behind it, ran out. Each error message
 * is classified on its own; a message that names no pool keeps the class of its kind.
 *
 *   pool-acquire-timeout  the client-side pool had no free connection in time
 *   too-many-clients      the database (or its bouncer) refused another connection
 */
export type PoolMessageClass = 'pool-acquire-timeout' | 'too-many-clients';

export type PoolMessage = {
  /** Who writes it: "HikariCP", "node-postgres (pg-pool)", "PostgreSQL", … */
  pool: string;
  pattern: RegExp;
  cls: PoolMessageClass;
};

/** Most specific first: the first match names the pool. */
export const POOL_MESSAGES: readonly PoolMessage[] = [
  { pool: 'HikariCP', pattern: /connection is not available, request timed out/i, cls: 'pool-acquire-timeout' },
  { pool: 'node-postgres (pg-pool)', pattern: /timeout exceeded when trying to connect/i, cls: 'pool-acquire-timeout' },
  {
    pool: 'knex/tarn',
    pattern: /timeout acquiring a connection\. the pool is probably full/i,
    cls: 'pool-acquire-timeout',
  },
  { pool: 'Sequelize', pattern: /ConnectionAcquireTimeoutError/, cls: 'pool-acquire-timeout' },
  {
    pool: 'Prisma',
    pattern: /P2024|timed out fetching a new connection from the connection pool/i,
    cls: 'pool-acquire-timeout',
  },
  { pool: 'SQLAlchemy', pattern: /QueuePool limit of size \d+ overflow \d+ reached/i, cls: 'pool-acquire-timeout' },
  { pool: 'Rails ActiveRecord', pattern: /could not obtain a connection from the pool/i, cls: 'pool-acquire-timeout' },
  { pool: 'Npgsql', pattern: /the connection pool has been exhausted/i, cls: 'pool-acquire-timeout' },
  { pool: '.NET SqlClient', pattern: /prior to obtaining a connection from the pool/i, cls: 'pool-acquire-timeout' },
  {
    pool: 'Go pgxpool',
    pattern: /failed to acquire connection|pgxpool.*(acquire|closed)/i,
    cls: 'pool-acquire-timeout',
  },
  {
    pool: 'Go database/sql',
    pattern: /database\/sql.*(connection pool|max open)|sql: (database is closed|connection is already closed)/i,
    cls: 'pool-acquire-timeout',
  },
  {
    pool: 'MongoDB driver',
    pattern: /MongoWaitQueueTimeoutError|timed out while checking out a connection from connection pool/i,
    cls: 'pool-acquire-timeout',
  },
  {
    pool: 'PostgreSQL',
    pattern: /sorry, too many clients already|remaining connection slots are reserved/i,
    cls: 'too-many-clients',
  },
  { pool: 'MySQL', pattern: /too many connections/i, cls: 'too-many-clients' },
  { pool: 'PgBouncer', pattern: /no more connections allowed/i, cls: 'too-many-clients' },
  { pool: 'PgBouncer', pattern: /query_wait_timeout/i, cls: 'pool-acquire-timeout' },
  { pool: 'generic', pattern: /too many clients/i, cls: 'too-many-clients' },
  {
    pool: 'generic',
    pattern: new RegExp(
      'pool (is )?exhausted|pool is full|no (free |idle )?connections? (is )?available' +
        '|timeout acquiring (a )?connection|connection acquire timeout',
      'i',
    ),
    cls: 'pool-acquire-timeout',
  },
];

/** The pool message `text` matches, or null when it names no pool. */
export function poolMessageOf(text: string): PoolMessage | null {
  for (const m of POOL_MESSAGES) if (m.pattern.test(text)) return m;
  return null;
}
