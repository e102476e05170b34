export default function AdminPages() {
  return (
    <section className="page">
      <h1>AdminPages</h1>
    </section>
  );
}
