import { Route, Switch } from 'wouter';
import { AnomaliesPage } from './AnomaliesPage';
import { AuditSearchPage } from './AuditSearchPage';
import { ChainPage } from './ChainPage';
import { ExportsPage } from './ExportsPage';

/** Compliance review (nested under /audit): audit metadata only, never clinical content. */
export default function CompliancePages() {
  return (
    <Switch>
      <Route path="/" component={AuditSearchPage} />
      <Route path="/anomalies" component={AnomaliesPage} />
      <Route path="/chain" component={ChainPage} />
      <Route path="/exports" component={ExportsPage} />
    </Switch>
  );
}
