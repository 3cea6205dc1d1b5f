import type { ServiceAccounts } from "./auth/service-accounts";
import type { TokenIssuer } from "./auth/tokens";
import type { Faults } from "./faults";
import type { ApiRoute } from "./http/router";
import type { Quotas } from "./quotas";
import type { Stats } from "./stats";
import type { Store } from "./store/store";

/** Everything one running emulator holds, handed to the admin and OAuth endpoints. */
export interface EmulatorContext {
  store: Store;
  tokens: TokenIssuer;
  accounts: ServiceAccounts;
  quotas: Quotas;
  faults: Faults;
  stats: Stats;
  routes: readonly ApiRoute[];
  /** Base URL without a trailing slash, known once the server listens. */
  url(): string;
  /** Puts quotas back to what the emulator was started with. */
  restoreQuotas(): void;
}
