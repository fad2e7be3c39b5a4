/**
 * Statements sent on a transaction without waiting for each one's answer. The transaction still
 * runs them one after another, in the order sent (Kysely gives a transaction one connection and
 * queues its queries), but the caller prepares the next batch while the database writes this one:
 * on two cores, Node's work and PostgreSQL's overlap instead of taking turns.
 *
 * A statement that fails aborts the transaction, so every later one fails too: `settle` waits for
 * all of them and throws the first failure, which is the one worth reporting.
 */
export class StatementPipeline {
  readonly #pending: Promise<unknown>[] = [];
  #failed = false;
  #firstError: unknown;

  /** Queues a statement and gives the event loop a turn, so that it is on its way to the database. */
  async send(statement: Promise<unknown>): Promise<void> {
    statement.catch((error: unknown) => {
      if (this.#failed) return;
      this.#failed = true;
      this.#firstError = error;
    });
    this.#pending.push(statement);
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Waits for every statement sent; throws the first failure. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.#pending);
    this.#pending.length = 0;
    if (this.#failed) throw this.#firstError;
  }

  /**
   * Runs `work`, which sends statements and may await other queries of the same transaction; if
   * anything fails, the first failed statement is what is thrown (a later query would only report
   * that the transaction is aborted).
   */
  static async run<T>(work: (pipeline: StatementPipeline) => Promise<T>): Promise<T> {
    const pipeline = new StatementPipeline();
    try {
      const result = await work(pipeline);
      await pipeline.settle();
      return result;
    } catch (error) {
      await pipeline.settle();
      throw error;
    }
  }
}
