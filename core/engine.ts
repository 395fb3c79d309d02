import type { EngineDeps } from "./deps.ts";
import type { CampaignService } from "./service.types.ts";
import { Billing } from "./use-cases/billing.use-case.ts";
import { BuildCampaign } from "./use-cases/build-campaign.use-case.ts";
import { ControlCampaign } from "./use-cases/control-campaign.use-case.ts";
import { CreateRun } from "./use-cases/create-run.use-case.ts";
import { EditRun } from "./use-cases/edit-run.use-case.ts";
import { LaunchCampaign } from "./use-cases/launch-campaign.use-case.ts";
import { ManageCampaigns } from "./use-cases/manage-campaigns.use-case.ts";
import { ManageContacts } from "./use-cases/manage-contacts.use-case.ts";
import { ReadProgress } from "./use-cases/read-progress.use-case.ts";
import { RetryRun } from "./use-cases/retry-run.use-case.ts";
import { Worker } from "./worker/worker.ts";

export interface Engine {
  readonly service: CampaignService;
  readonly worker: Worker;
}

/** Wires the use cases over the given ports. Does no work until called. */
export function createEngine(deps: EngineDeps, workerId = "worker"): Engine {
  const campaigns = new ManageCampaigns(deps);
  const contacts = new ManageContacts(deps);
  const build = new BuildCampaign(deps);
  const runs = new CreateRun(deps);
  const editRun = new EditRun(deps);
  const launch = new LaunchCampaign(deps);
  const control = new ControlCampaign(deps);
  const retry = new RetryRun(deps);
  const progress = new ReadProgress(deps);
  const billing = new Billing(deps);
  const service: CampaignService = {
    createCampaign: (a, i) => campaigns.create(a, i),
    getCampaign: (a, id) => campaigns.get(a, id),
    listCampaigns: (a, p) => campaigns.list(a, p),
    patchCampaign: (a, id, p) => campaigns.patch(a, id, p),
    createGroup: (a, i) => contacts.createGroup(a, i),
    getGroup: (a, id) => contacts.getGroup(a, id),
    importContacts: (a, id, rows, o) => contacts.importContacts(a, id, rows, o),
    suppress: (a, phones, o) => contacts.suppress(a, phones, o),
    attachAudience: (a, id, g) => build.attach(a, id, g),
    detachAudience: (a, id, g) => build.detach(a, id, g),
    putContent: (a, id, ch, c) => build.putContent(a, id, ch, c),
    createRun: (a, id, i) => runs.create(a, id, i),
    patchRun: (a, id, r, p) => editRun.patch(a, id, r, p),
    validate: (a, id) => launch.validate(a, id),
    launch: (a, id, i) => launch.launch(a, id, i),
    pause: (a, id) => control.pause(a, id),
    resume: (a, id) => control.resume(a, id),
    cancel: (a, id) => control.cancel(a, id),
    retry: (a, id, r) => retry.retry(a, id, r),
    status: (a, id) => progress.status(a, id),
    listRuns: (a, id) => progress.listRuns(a, id),
    getRun: (a, id, r) => progress.getRun(a, id, r),
    listRecipients: (a, id, r, q) => progress.listRecipients(a, id, r, q),
    report: (a, id) => progress.report(a, id),
    deliveryReport: (p, i) => billing.deliveryReport(p, i),
    balance: (a) => billing.balance(a),
    credit: (w, u, k) => billing.credit(w, u, k),
  };
  return { service, worker: new Worker(deps, workerId) };
}
