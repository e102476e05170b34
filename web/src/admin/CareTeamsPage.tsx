import { useState, type FormEvent } from 'react';
import { formatDate } from '../ui/dates';
import { ErrorMessage, Loading } from '../ui/Status';
import { useCareTeam, useCareTeamChange, useUsers } from './api';

/** Who may see a patient (by patient id; administrators see no clinical content). */
export function CareTeamsPage() {
  const [input, setInput] = useState('');
  const [patientId, setPatientId] = useState('');
  const [newMember, setNewMember] = useState('');
  const team = useCareTeam(patientId);
  const change = useCareTeamChange(patientId);
  const users = useUsers();
  const clinicians = (users.data ?? []).filter(
    (u) => (u.role === 'clinician' || u.role === 'nurse') && u.status === 'active',
  );
  const open = (event: FormEvent) => {
    event.preventDefault();
    setPatientId(input.trim());
  };
  return (
    <section className="page">
      <h1>Care teams</h1>
      <form className="card inline-form" onSubmit={open}>
        <label htmlFor="care-team-patient">Patient id</label>
        <input
          id="care-team-patient"
          className="mono"
          size={38}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          required
        />
        <button type="submit" className="primary">
          Open
        </button>
      </form>
      {patientId !== '' && (
        <section className="card" aria-labelledby="members-title">
          <h2 id="members-title">Members</h2>
          {team.isPending ? (
            <Loading />
          ) : team.isError ? (
            <ErrorMessage error={team.error} notFound="No patient with that id." />
          ) : (
            <>
              {team.data.length === 0 ? (
                <p>No members.</p>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">User</th>
                      <th scope="col">Role</th>
                      <th scope="col">Since</th>
                      <th scope="col">Until</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {team.data.map((member) => (
                      <tr key={member.userId}>
                        <td>{member.email}</td>
                        <td>{member.role}</td>
                        <td>{formatDate(member.startsAt)}</td>
                        <td>{member.endsAt ? formatDate(member.endsAt) : '—'}</td>
                        <td>
                          <button
                            type="button"
                            onClick={() => change.mutate({ remove: member.userId })}
                            aria-label={`Remove ${member.email}`}
                          >
                            Remove
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <form
                className="inline-form"
                style={{ marginTop: '1rem' }}
                onSubmit={(event) => {
                  event.preventDefault();
                  if (newMember) change.mutate({ add: newMember });
                }}
              >
                <label htmlFor="care-team-add">Add member</label>
                <select id="care-team-add" value={newMember} onChange={(e) => setNewMember(e.target.value)}>
                  <option value="">Choose a clinician or nurse…</option>
                  {clinicians
                    .filter((u) => !team.data.some((m) => m.userId === u.id))
                    .map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.email} ({u.role})
                      </option>
                    ))}
                </select>
                <button type="submit" className="primary" disabled={!newMember || change.isPending}>
                  Add
                </button>
              </form>
              {change.isError && <ErrorMessage error={change.error} />}
            </>
          )}
        </section>
      )}
    </section>
  );
}
