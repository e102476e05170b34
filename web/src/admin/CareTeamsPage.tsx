import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roleLabel } from '../i18n/labels';
import { useFormat } from '../i18n/use-format';
import { ErrorMessage, Loading } from '../ui/Status';
import { useCareTeam, useCareTeamChange, useUsers } from './api';

/** Who may see a patient (by patient id; administrators see no clinical content). */
export function CareTeamsPage() {
  const { t } = useTranslation();
  const format = useFormat();
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
      <h1>{t('careTeams.title')}</h1>
      <form className="card inline-form" onSubmit={open}>
        <label htmlFor="care-team-patient">{t('careTeams.patientId')}</label>
        <input
          id="care-team-patient"
          className="mono"
          size={38}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          required
        />
        <button type="submit" className="primary">
          {t('careTeams.open')}
        </button>
      </form>
      {patientId !== '' && (
        <section className="card" aria-labelledby="members-title">
          <h2 id="members-title">{t('careTeams.members')}</h2>
          {team.isPending ? (
            <Loading />
          ) : team.isError ? (
            <ErrorMessage error={team.error} notFound={t('careTeams.notFound')} />
          ) : (
            <>
              {team.data.length === 0 ? (
                <p>{t('careTeams.noMembers')}</p>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('careTeams.user')}</th>
                      <th scope="col">{t('careTeams.role')}</th>
                      <th scope="col">{t('careTeams.since')}</th>
                      <th scope="col">{t('careTeams.until')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('careTeams.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {team.data.map((member) => (
                      <tr key={member.userId}>
                        <td>{member.email}</td>
                        <td>{roleLabel(member.role, t)}</td>
                        <td>{format.date(member.startsAt)}</td>
                        <td>{member.endsAt ? format.date(member.endsAt) : '—'}</td>
                        <td>
                          <button
                            type="button"
                            onClick={() => change.mutate({ remove: member.userId })}
                            aria-label={t('careTeams.removeMember', { email: member.email })}
                          >
                            {t('careTeams.remove')}
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
                <label htmlFor="care-team-add">{t('careTeams.addMember')}</label>
                <select id="care-team-add" value={newMember} onChange={(e) => setNewMember(e.target.value)}>
                  <option value="">{t('careTeams.choose')}</option>
                  {clinicians
                    .filter((u) => !team.data.some((m) => m.userId === u.id))
                    .map((u) => (
                      <option key={u.id} value={u.id}>
                        {t('careTeams.memberOption', { email: u.email, role: roleLabel(u.role, t) })}
                      </option>
                    ))}
                </select>
                <button type="submit" className="primary" disabled={!newMember || change.isPending}>
                  {t('careTeams.add')}
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
