/** The exchange's pages, loaded together in one chunk on first use. */
export { ExchangeIndex, RequireExchangeCoordinator, RequireExchangeReviewer } from './exchange-shell.js';
export { ImportPage } from './import-page.js';
export { ImportsPage } from './imports-page.js';
export { PartnerPage } from './partner-page.js';
export { PartnerViewPage } from './partner-view-page.js';
export { PartnersPage } from './partners-page.js';
export { ReleasePage } from './release-page.js';
export { ReleaseQueuePage } from './release-queue-page.js';
export { WorkbenchItemPage } from './workbench-item-page.js';
export { WorkbenchPage } from './workbench-page.js';
