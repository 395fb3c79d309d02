import type { CampaignService } from "../../../core/service.types.ts";

/** What the route modules need from the app's options. */
export interface RouteDeps {
  readonly service: CampaignService;
  /** Region for phone numbers written without a country code when the request gives none. */
  readonly defaultRegion: string;
  /** Workspaces that exist (those the API keys name): the operator may credit only these. */
  readonly workspaces: ReadonlySet<string>;
}
