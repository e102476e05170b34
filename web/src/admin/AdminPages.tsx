import { Route, Switch } from 'wouter';
import { CareTeamsPage } from './CareTeamsPage';
import { ImportJobsPage, QuarantinePage } from './IngestPages';
import { UsersPage } from './UsersPage';

/** Administration (nested under /admin): accounts, care teams, HL7 imports. */
export default function AdminPages() {
  return (
    <Switch>
      <Route path="/users" component={UsersPage} />
      <Route path="/care-teams" component={CareTeamsPage} />
      <Route path="/imports" component={ImportJobsPage} />
      <Route path="/quarantine" component={QuarantinePage} />
    </Switch>
  );
}
