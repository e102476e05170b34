export default function ReportPage() {
  return (
    <section className="page">
      <h1>ReportPage</h1>
    </section>
  );
}
