export default function NewReportPage() {
  return (
    <section className="page">
      <h1>NewReportPage</h1>
    </section>
  );
}
