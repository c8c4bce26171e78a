// An honest placeholder for a screen whose issue has not landed yet.
export function ComingSoon({ title, summary, items }: { title: string; summary: string; items: string[] }) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">{title}</h1>
        <p className="screen-summary">{summary}</p>
      </header>
      <div className="card coming">
        <p className="coming-badge">Coming</p>
        <ul>
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}
