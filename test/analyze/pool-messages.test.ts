/**
 * The exhaustion messages of real pools (issue 11 §1, ANALYSIS.md §9.1), one sample string
 * each, and per-message classification: one pool message never reclassifies other errors.
 */
import { describe, expect, it } from 'vitest';
import { classifyErrors, dominantClass } from '../../src/analyze/error-classes.js';
import { poolMessageOf } from '../../src/analyze/pool-messages.js';

describe('pool exhaustion messages', () => {
  it.each([
    [
      'HikariCP',
      'HikariPool-1 - Connection is not available, request timed out after 30000ms.',
      'pool-acquire-timeout',
    ],
    ['node-postgres (pg-pool)', 'Error: timeout exceeded when trying to connect', 'pool-acquire-timeout'],
    [
      'knex/tarn',
      'KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. ' +
        'Are you missing a .transacting(trx) call?',
      'pool-acquire-timeout',
    ],
    [
      'Sequelize',
      'ConnectionAcquireTimeoutError [SequelizeConnectionAcquireTimeoutError]: Operation timeout',
      'pool-acquire-timeout',
    ],
    [
      'Prisma',
      'PrismaClientKnownRequestError: P2024 Timed out fetching a new connection from the connection pool. ' +
        '(Current connection pool timeout: 10, connection limit: 5)',
      'pool-acquire-timeout',
    ],
    [
      'SQLAlchemy',
      'sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, ' +
        'timeout 30.00',
      'pool-acquire-timeout',
    ],
    [
      'Rails ActiveRecord',
      'ActiveRecord::ConnectionTimeoutError: could not obtain a connection from the pool within ' +
        '5.000 seconds (waited 5.001 seconds); all pooled connections were in use',
      'pool-acquire-timeout',
    ],
    [
      'Npgsql',
      "Npgsql.NpgsqlException: The connection pool has been exhausted, either raise 'Max Pool Size' " +
        "(currently 100) or 'Timeout' (currently 15 seconds)",
      'pool-acquire-timeout',
    ],
    [
      '.NET SqlClient',
      'System.InvalidOperationException: Timeout expired. The timeout period elapsed prior to ' +
        'obtaining a connection from the pool.',
      'pool-acquire-timeout',
    ],
    ['Go pgxpool', 'failed to acquire connection: context deadline exceeded', 'pool-acquire-timeout'],
    [
      'MongoDB driver',
      'MongoWaitQueueTimeoutError: Timed out while checking out a connection from connection pool',
      'pool-acquire-timeout',
    ],
    ['PostgreSQL', 'FATAL: sorry, too many clients already', 'too-many-clients'],
    [
      'PostgreSQL',
      'FATAL: remaining connection slots are reserved for non-replication superuser connections',
      'too-many-clients',
    ],
    ['MySQL', 'ER_CON_COUNT_ERROR: Too many connections', 'too-many-clients'],
    ['PgBouncer', 'ERROR: no more connections allowed (max_client_conn)', 'too-many-clients'],
    ['PgBouncer', 'ERROR: query_wait_timeout', 'pool-acquire-timeout'],
    ['generic', 'pool exhausted (fail-fast)', 'pool-acquire-timeout'],
    ['generic', 'connection pool is full', 'pool-acquire-timeout'],
    ['generic', 'no connection available', 'pool-acquire-timeout'],
    ['generic', 'timeout acquiring connection', 'pool-acquire-timeout'],
  ])('%s: %s → %s', (pool, text, cls) => {
    const m = poolMessageOf(text);
    expect(m?.pool).toBe(pool);
    expect(m?.cls).toBe(cls);
  });
  it.each([
    'internal error',
    'headers timeout after 2000 ms',
    'connect ECONNREFUSED 127.0.0.1:9',
    'Too Many Requests',
    'rate limit exceeded',
    'acquire lock failed on row 12',
    'service unavailable',
  ])('names no pool: %s', (text) => {
    expect(poolMessageOf(text)).toBeNull();
  });
});

describe('classification per message', () => {
  it('one "acquire" sample no longer reclassifies every server error of the step', () => {
    // Before: /acquire/ on any sample turned all 100 errors (both kinds) into pool-acquire-timeout.
    const counts = classifyErrors({ 'http-500': 10, 'http-503': 90 }, [
      'http-500: acquire lock failed',
      'http-503: service unavailable',
    ]);
    expect(counts['pool-acquire-timeout']).toBe(0);
    expect(counts['http-503']).toBe(90);
    expect(counts.other).toBe(10);
  });
  it('a kind shares its count among its own samples, each classified by its text; counted by class', () => {
    const counts = classifyErrors({ 'http-500': 40, 'http-503': 60, 'headers-timeout': 5 }, [
      'http-500: Error: timeout exceeded when trying to connect',
      'http-500: TypeError: x is undefined',
      'http-503: FATAL: sorry, too many clients already',
      'headers-timeout: headers timeout after 2000 ms',
    ]);
    expect(counts).toMatchObject({ 'pool-acquire-timeout': 20, other: 20, 'too-many-clients': 60, timeout: 5 });
    expect(dominantClass(counts)).toBe('too-many-clients');
  });
  it('HTTP 429 is its own class (admission), never a pool', () => {
    expect(dominantClass(classifyErrors({ 'http-429': 7 }, ['http-429: Too Many Requests']))).toBe('http-429');
  });
});
