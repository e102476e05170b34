import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types';
import { useMe } from '../auth/session';
import { useFormat } from '../i18n/use-format';
import { ErrorMessage, Loading } from '../ui/Status';
import {
  changeRole,
  createUser,
  reissueEnrolment,
  useUserAction,
  userCommand,
  useUsers,
  type CreatedUser,
} from './api';

const ROLES: Role[] = ['clinician', 'nurse', 'compliance', 'admin', 'integration'];

/** The one-time link and code a created (or re-enrolled) user sets their own password with. */
function EnrolmentNotice({ user }: { user: CreatedUser }) {
  const { t } = useTranslation();
  const format = useFormat();
  const link = `${window.location.origin}${user.enrolment.path}`;
  return (
    <div role="status" className="notice" style={{ flexBasis: '100%' }}>
      <p>
        {t('users.enrolmentIntro', { email: user.email, expires: format.dateTime(user.enrolment.expiresAt) })}
      </p>
      <label htmlFor="enrolment-link">{t('users.enrolmentLink')}</label>
      <input id="enrolment-link" readOnly value={link} onFocus={(e) => e.target.select()} />
      <label htmlFor="enrolment-code">{t('users.enrolmentCode')}</label>
      <input id="enrolment-code" readOnly value={user.enrolment.code} onFocus={(e) => e.target.select()} />
    </div>
  );
}

function CreateUserForm({ onEnrolment }: { onEnrolment: (user: CreatedUser) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('clinician');
  const create = useUserAction(createUser);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (created) => {
          setEmail('');
          onEnrolment(created as CreatedUser);
        },
      },
    );
  };
  return (
    <form className="card filters" onSubmit={submit} aria-labelledby="create-user-title">
      <h2 id="create-user-title" style={{ flexBasis: '100%' }}>
        {t('users.create')}
      </h2>
      <div>
        <label htmlFor="new-email">{t('users.email')}</label>
        <input
          id="new-email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor="new-role">{t('users.role')}</label>
        <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('users.createButton')}
        </button>
      </div>
      {create.isError && (
        <div style={{ flexBasis: '100%' }}>
          <ErrorMessage error={create.error} />
        </div>
      )}
    </form>
  );
}

export function UsersPage() {
  const me = useMe();
  const { t } = useTranslation();
  const format = useFormat();
  const users = useUsers();
  const command = useUserAction(userCommand);
  const role = useUserAction(changeRole);
  const reissue = useUserAction(reissueEnrolment);
  const [enrolment, setEnrolment] = useState<CreatedUser | null>(null);
  return (
    <section className="page">
      <h1>{t('users.title')}</h1>
      <CreateUserForm onEnrolment={setEnrolment} />
      {enrolment && <EnrolmentNotice user={enrolment} />}
      {command.isError && <ErrorMessage error={command.error} />}
      {reissue.isError && <ErrorMessage error={reissue.error} />}
      {role.isError && <ErrorMessage error={role.error} />}
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorMessage error={users.error} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('users.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.columns.email')}</th>
                <th scope="col">{t('users.columns.role')}</th>
                <th scope="col">{t('users.columns.status')}</th>
                <th scope="col">{t('users.columns.mfa')}</th>
                <th scope="col">{t('users.columns.created')}</th>
                <th scope="col">{t('users.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <td>{user.email}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                      {t('users.roleOf', { email: user.email })}
                    </label>
                    <select
                      id={`role-${user.id}`}
                      value={user.role}
                      disabled={user.id === me.id || role.isPending}
                      onChange={(e) => role.mutate({ id: user.id, role: e.target.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <span className={user.status === 'active' ? 'badge ok' : 'badge bad'}>
                      {t(`users.status.${user.status}`)}
                    </span>
                  </td>
                  <td>{user.mfaEnabled ? t('users.mfaOn') : t('users.mfaOff')}</td>
                  <td>{format.date(user.createdAt)}</td>
                  <td>
                    <div className="row-actions">
                      {user.id !== me.id && (
                        <button
                          type="button"
                          onClick={() =>
                            command.mutate({
                              id: user.id,
                              command: user.status === 'active' ? 'disable' : 'enable',
                            })
                          }
                          aria-label={
                            user.status === 'active'
                              ? t('users.disableUser', { email: user.email })
                              : t('users.enableUser', { email: user.email })
                          }
                        >
                          {user.status === 'active' ? t('users.disable') : t('users.enable')}
                        </button>
                      )}
                      {user.id !== me.id && user.status === 'active' && (
                        <button
                          type="button"
                          onClick={() =>
                            reissue.mutate(
                              { id: user.id },
                              { onSuccess: (issued) => setEnrolment(issued as CreatedUser) },
                            )
                          }
                          aria-label={t('users.newEnrolmentOf', { email: user.email })}
                        >
                          {t('users.newEnrolment')}
                        </button>
                      )}
                      {user.mfaEnabled && (
                        <button
                          type="button"
                          onClick={() => command.mutate({ id: user.id, command: 'reset-mfa' })}
                          aria-label={t('users.resetMfaOf', { email: user.email })}
                        >
                          {t('users.resetMfa')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
