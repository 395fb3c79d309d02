/**
 * Bench 2, validate and estimate: `service.validate` of a campaign of N recipients (one group, one
 * placeholder), on in-memory stores and on SQLite, against a loop over the same contacts in memory that renders
 * the body and counts its SMS parts: the work no estimate can skip.
 * @module
 */
import { render } from "../../core/content/render.ts";
import type { Contact } from "../../core/domain/model.ts";
import { countSmsParts } from "../../core/sms/part-counter.ts";
import { must } from "../support/engine-harness.ts";
import { ACTOR, BODY, buildCampaign, ukContacts } from "./bench-fixtures.ts";
import { type Backend, benchEngine, best, type Measured, measure, MemoryProbe, probed, report, tempDir, timeRow } from "./bench-kit.ts";

const N = Number(process.env.BENCH_VALIDATE_N ?? 100_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

/** A campaign of `contacts` (set-up untimed), validated `repeats` times; each validation is measured. */
async function engineValidate(backend: Backend, contacts: readonly Contact[], probe: MemoryProbe, repeats: number) {
  const engine = await benchEngine(backend, { wrap: (port) => probed(port, probe) });
  try {
    const { campaign_id } = await buildCampaign(engine, contacts);
    const samples: Measured[] = [];
    for (let r = 0; r < repeats; r++) {
      let view: unknown;
      samples.push(await measure(probe, async () => {
        view = must(await engine.service.validate(ACTOR, campaign_id));
      }));
      const { valid, estimated_cost } = view as { valid: boolean; estimated_cost: Record<string, number> };
      if (!valid || estimated_cost.SMS !== contacts.length) throw new Error(`unexpected validation: ${JSON.stringify(view)}`);
    }
    return samples;
  } finally {
    await engine.close();
  }
}

/** Render and count every contact's message, summing the parts. */
async function baseline(contacts: readonly Contact[], probe: MemoryProbe): Promise<Measured> {
  let units = 0;
  const measured = await measure(probe, () => {
    for (const contact of contacts) {
      const rendered = render(BODY, contact);
      if (rendered.ok) units += countSmsParts(rendered.text).parts;
      probe.tick();
    }
  });
  if (units !== contacts.length) throw new Error(`baseline counted ${units} parts`);
  return measured;
}

async function main(): Promise<void> {
  const probe = new MemoryProbe();
  const temp = tempDir();
  const contacts = ukContacts(N);
  const warm = contacts.slice(0, N / 10);
  try {
    await baseline(warm, probe);
    await engineValidate({ kind: "memory" }, warm, probe, 1);
    await engineValidate({ kind: "sqlite", path: temp.file("warm.db") }, warm, probe, 1);

    const base: Measured[] = [];
    for (let r = 0; r < REPEATS; r++) base.push(await baseline(contacts, probe));
    const memory = await engineValidate({ kind: "memory" }, contacts, probe, REPEATS);
    const sqlite = await engineValidate({ kind: "sqlite", path: temp.file("engine.db") }, contacts, probe, REPEATS);
    for (let r = 0; r < REPEATS; r++) base.push(await baseline(contacts, probe));
    report([
      timeRow("validate: in-memory stores", N, best(memory), best(base), 4, "vs render + countSmsParts loop"),
      timeRow("validate: SQLite stores", N, best(sqlite), best(base), 6, "vs render + countSmsParts loop"),
    ]);
  } finally {
    temp.remove();
  }
}

await main();
