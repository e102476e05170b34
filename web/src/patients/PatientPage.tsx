import { useParams } from 'wouter';

export function PatientPage() {
  const { id } = useParams<{ id: string }>();
  return (
    <section className="page">
      <h1>Patient {id}</h1>
    </section>
  );
}
