export function ConversationPane() {
  return (
    <section className="conversation" data-testid="conversation">
      <div className="empty-state">
        <h1>Start a conversation</h1>
        <p>Everything you write and every word a model answers is saved, encrypted, on this computer before you see it.</p>
      </div>
    </section>
  );
}
