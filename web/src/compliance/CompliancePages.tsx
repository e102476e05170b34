export default function CompliancePages() {
  return (
    <section className="page">
      <h1>CompliancePages</h1>
    </section>
  );
}
