import { authHeader, bearerFor, userWithPassword } from './auth.js';
import type { TestApp } from './test-app.js';

type Role = 'clinician' | 'nurse' | 'compliance' | 'admin';

async function post(
  t: TestApp,
  token: string,
  url: string,
  payload: object,
  method: 'POST' | 'PUT' = 'POST',
) {
  const response = await t.app.inject({ method, url, payload, headers: authHeader(token) });
  if (response.statusCode >= 300)
    throw new Error(`${method} ${url} → ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function person(t: TestApp, role: Role) {
  const user = await userWithPassword(t, role);
  return { ...user, token: await bearerFor(t, user) };
}

const day = (daysAgo: number, hour = 9) => {
  const date = new Date(Date.UTC(2026, 10, 20, hour, 15));
  date.setUTCDate(date.getUTCDate() - daysAgo);
  return date.toISOString();
};

/**
 * A synthetic patient registered by `clinician` (who joins the care team) with a small record:
 * an allergy, notes (one amended), a problem, a medication and a creatinine series rising out of range.
 */
export async function seedPatient(t: TestApp, clinician: { token: string }, mrn = 'MRN-40021') {
  const patient = await post(t, clinician.token, '/api/patients', {
    mrn,
    name: { family: 'Okonkwo', given: ['Adaeze'] },
    birthDate: '1958-02-11',
    sex: 'female',
  });
  const entry = (kind: string, occurredAt: string, body: object) =>
    post(t, clinician.token, `/api/patients/${patient.id}/entries`, { kind, occurredAt, body });
  await entry('allergy', day(400), { substance: 'Penicillin', reaction: 'urticaria', severity: 'moderate' });
  await entry('problem', day(300), {
    codeSystem: 'ICD-10',
    code: 'N18.3',
    display: 'Chronic kidney disease stage 3',
  });
  await entry('medication', day(30), {
    name: 'Lisinopril',
    dose: '10 mg',
    route: 'oral',
    frequency: 'daily',
  });
  const creatinine = [88, 95, 110, 131, 152];
  for (const [i, value] of creatinine.entries()) {
    await entry('observation', day(40 - i * 10, 8), {
      codeSystem: 'LOINC',
      code: '2160-0',
      display: 'Creatinine',
      value,
      unit: 'umol/L',
      referenceRange: { low: 45, high: 110 },
      ...(value > 110 ? { abnormalFlag: 'H' } : {}),
    });
  }
  for (const [i, value] of [4.1, 4.4, 5.2].entries())
    await entry('observation', day(20 - i * 10, 8), {
      codeSystem: 'LOINC',
      code: '2823-3',
      display: 'Potassium',
      value,
      unit: 'mmol/L',
      referenceRange: { low: 3.5, high: 5.1 },
    });
  const note = await entry('note', day(0, 10), {
    title: 'Nephrology review',
    text: 'Creatinine rising over six weeks since lisinopril was started. Mild ankle oedema. Plan: hold lisinopril.',
  });
  await post(
    t,
    clinician.token,
    `/api/entries/${note.id}`,
    {
      body: {
        title: 'Nephrology review',
        text: 'Creatinine rising over six weeks since lisinopril was started. Mild ankle oedema. Plan: hold lisinopril, repeat renal panel in one week.',
      },
    },
    'PUT',
  );
  await entry('note', day(2, 14), { text: 'Seen in clinic. Blood pressure 128/76. No chest pain.' });
  return { patient: patient as { id: string; mrn: string }, noteId: note.id as string };
}

/** A user whose role requires MFA, enrolled through the API; `code(step)` gives the TOTP for a later step. */
export async function personWithMfa(t: TestApp, role: 'compliance' | 'admin') {
  const { generate } = await import('otplib');
  const user = await userWithPassword(t, role);
  const first = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: user.email, password: user.password },
    remoteAddress: '10.9.0.1',
  });
  const token = first.json().accessToken as string;
  const enrolment = await post(t, token, '/api/auth/mfa/enrol', {});
  const now = Math.floor(Date.now() / 1000);
  await post(t, token, '/api/auth/mfa/confirm', {
    code: await generate({ secret: enrolment.secret, epoch: now }),
  });
  return {
    ...user,
    /** A code for `stepsAhead` 30-second steps from enrolment (each step can be used once). */
    code: (stepsAhead: number) =>
      generate({ secret: enrolment.secret as string, epoch: now + stepsAhead * 30 }),
  };
}
