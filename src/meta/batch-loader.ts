/**
 * Coalesces single-id reads made within a few milliseconds of each other into one call for
 * many ids (Graph's `?ids=` lookup takes up to 50), so a burst of leads costs a few calls.
 */
export class BatchLoader<V> {
  private queue: { id: string; resolve: (value: V) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly loadMany: (ids: string[]) => Promise<Map<string, V | Error>>,
    private readonly maxBatch = 50,
    /** How long to gather ids: a few ms here turn a burst of single reads into one call. */
    private readonly windowMs = 5,
  ) {}

  load(id: string): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.queue.push({ id, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setTimeout(() => this.flush(), this.windowMs);
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const ids = [...new Set(batch.map((entry) => entry.id))];
      this.loadMany(ids).then(
        (results) => {
          for (const entry of batch) {
            const result = results.get(entry.id);
            if (result === undefined) entry.reject(new Error(`no result for ${entry.id}`));
            else if (result instanceof Error) entry.reject(result);
            else entry.resolve(result);
          }
        },
        (error: unknown) => {
          for (const entry of batch) entry.reject(error);
        },
      );
    }
  }
}
