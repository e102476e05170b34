import { useState, type FormEvent } from 'react';
import type { Role } from '../api/types';
import { useMe } from '../auth/session';
import { formatDate } from '../ui/dates';
import { ErrorMessage, Loading } from '../ui/Status';
import { changeRole, createUser, useUserAction, userCommand, useUsers } from './api';

const ROLES: Role[] = ['clinician', 'nurse', 'compliance', 'admin', 'integration'];

function CreateUserForm() {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('clinician');
  const [password, setPassword] = useState('');
  const create = useUserAction(createUser);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { email: email.trim(), role, ...(password ? { password } : {}) },
      {
        onSuccess: () => {
          setEmail('');
          setPassword('');
        },
      },
    );
  };
  return (
    <form className="card filters" onSubmit={submit} aria-labelledby="create-user-title">
      <h2 id="create-user-title" style={{ flexBasis: '100%' }}>
        Create a user
      </h2>
      <div>
        <label htmlFor="new-email">Email</label>
        <input
          id="new-email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor="new-role">Role</label>
        <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="new-password">Initial password (12+ characters)</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create
        </button>
      </div>
      {create.isError && (
        <div style={{ flexBasis: '100%' }}>
          <ErrorMessage error={create.error} />
        </div>
      )}
      {create.isSuccess && (
        <p role="status" className="notice" style={{ flexBasis: '100%' }}>
          User created.
        </p>
      )}
    </form>
  );
}

export function UsersPage() {
  const me = useMe();
  const users = useUsers();
  const command = useUserAction(userCommand);
  const role = useUserAction(changeRole);
  return (
    <section className="page">
      <h1>Users</h1>
      <CreateUserForm />
      {command.isError && <ErrorMessage error={command.error} />}
      {role.isError && <ErrorMessage error={role.error} />}
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorMessage error={users.error} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">MFA</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <td>{user.email}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                      Role of {user.email}
                    </label>
                    <select
                      id={`role-${user.id}`}
                      value={user.role}
                      disabled={user.id === me.id || role.isPending}
                      onChange={(e) => role.mutate({ id: user.id, role: e.target.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <span className={user.status === 'active' ? 'badge ok' : 'badge bad'}>{user.status}</span>
                  </td>
                  <td>{user.mfaEnabled ? 'on' : 'off'}</td>
                  <td>{formatDate(user.createdAt)}</td>
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
                          aria-label={`${user.status === 'active' ? 'Disable' : 'Enable'} ${user.email}`}
                        >
                          {user.status === 'active' ? 'Disable' : 'Enable'}
                        </button>
                      )}
                      {user.mfaEnabled && (
                        <button
                          type="button"
                          onClick={() => command.mutate({ id: user.id, command: 'reset-mfa' })}
                          aria-label={`Reset MFA of ${user.email}`}
                        >
                          Reset MFA
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
