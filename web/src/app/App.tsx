import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Route, Switch } from 'wouter';
import type { Role } from '../api/types';
import { EnrolPage } from '../auth/EnrolPage';
import { IdleLogoff } from '../auth/IdleLogoff';
import { LoginPage } from '../auth/LoginPage';
import { MfaEnrolmentPage } from '../auth/MfaEnrolmentPage';
import { useSession } from '../auth/session';
import { Loading } from '../ui/Status';
import { Shell } from './Shell';
import { MyPatientsPage } from '../patients/MyPatientsPage';
import { PatientPage } from '../patients/PatientPage';
import { RegisterPatientPage } from '../patients/RegisterPatientPage';

const ReportPage = lazy(() => import('../reports/ReportPage'));
const NewReportPage = lazy(() => import('../reports/NewReportPage'));
const CompliancePages = lazy(() => import('../compliance/CompliancePages'));
const AdminPages = lazy(() => import('../admin/AdminPages'));

export const homeFor = (role: Role): string =>
  role === 'compliance' ? '/audit' : role === 'admin' ? '/admin/users' : '/patients';

const CLINICAL: Role[] = ['clinician', 'nurse'];
const AUDIT: Role[] = ['compliance', 'admin'];

export function App() {
  const { state } = useSession();
  const { t } = useTranslation();
  if (state.status === 'loading') return <Loading label={t('app.starting')} />;
  if (state.status === 'anonymous')
    return window.location.pathname === '/enrol' ? <EnrolPage /> : <LoginPage reason={state.reason} />;
  if (state.status === 'enrolling') return <MfaEnrolmentPage />;
  const { role } = state.me;
  const clinical = CLINICAL.includes(role);
  return (
    <Shell>
      <IdleLogoff />
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/login">
            <Redirect to={homeFor(role)} replace />
          </Route>
          {clinical && <Route path="/patients" component={MyPatientsPage} />}
          {role === 'clinician' && <Route path="/patients/new" component={RegisterPatientPage} />}
          {role === 'clinician' && <Route path="/patients/:id/reports/new" component={NewReportPage} />}
          {clinical && <Route path="/reports/:id" component={ReportPage} />}
          {clinical && <Route path="/patients/:id/entries/:entryId" component={PatientPage} />}
          {clinical && <Route path="/patients/:id/:tab?" component={PatientPage} />}
          {AUDIT.includes(role) && <Route path="/audit" nest component={CompliancePages} />}
          {role === 'admin' && <Route path="/admin" nest component={AdminPages} />}
          <Route path="/">
            <Redirect to={homeFor(role)} replace />
          </Route>
          <Route>
            <section className="page">
              <h1>{t('app.notFoundTitle')}</h1>
              <p>{t('app.notFoundBody')}</p>
            </section>
          </Route>
        </Switch>
      </Suspense>
    </Shell>
  );
}
