export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Conversations">
      <div className="sidebar-header">
        <span className="brand">Inkwell</span>
        <button type="button" className="button primary" aria-label="New chat">
          New chat
        </button>
      </div>
      <label className="search">
        <span className="visually-hidden">Search conversations</span>
        <input type="search" placeholder="Search conversations" />
      </label>
      <p className="sidebar-empty">No conversations yet.</p>
    </nav>
  );
}
