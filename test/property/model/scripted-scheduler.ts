import type fc from "fast-check";

interface Pending {
  readonly label: string;
  release(): void;
}

/**
 * A scheduler for replaying a race fast-check found, robust to the engine making more or fewer store calls
 * later: it releases the calls in the order of `script` (the labels fast-check printed, `<process>.<store>.<method>`),
 * skipping script entries that match nothing pending, and releases in arrival order once the script has nothing
 * that matches. Implements what the model's race command uses: `schedule`, `waitFor` and `toString`.
 */
export class ScriptedScheduler {
  readonly #pending: Pending[] = [];
  readonly #released: string[] = [];
  #cursor = 0;

  constructor(private readonly script: readonly string[]) {}

  /** A scheduler following `labels`, typed as the race command expects. */
  static of(labels: readonly string[]): fc.Scheduler {
    return new ScriptedScheduler(labels) as unknown as fc.Scheduler;
  }

  /** `script` from the lines fast-check printed (`-> [task${n}] promise::<label> resolved`). */
  static fromReport(report: string): fc.Scheduler {
    return ScriptedScheduler.of([...report.matchAll(/promise::(\S+)/g)].map((m) => m[1]!));
  }

  schedule<T>(task: Promise<T>, label = ""): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ label, release: () => void task.then(resolve, reject) });
    });
  }

  async waitFor<T>(task: Promise<T>): Promise<T> {
    let settled = false;
    task.then(() => (settled = true), () => (settled = true));
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled || this.#pending.length === 0) return task;
      const next = this.#next();
      this.#pending.splice(this.#pending.indexOf(next), 1);
      this.#released.push(next.label);
      next.release();
    }
  }

  #next(): Pending {
    for (let i = this.#cursor; i < this.script.length; i++) {
      const match = this.#pending.find((p) => p.label === this.script[i]);
      if (match) {
        this.#cursor = i + 1;
        return match;
      }
    }
    return this.#pending[0]!;
  }

  toString(): string {
    return `scripted(${JSON.stringify(this.#released)})`;
  }
}
