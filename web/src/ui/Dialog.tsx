import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal built on the native <dialog>: the browser traps focus, Escape closes, focus returns. */
export function Dialog({
  open,
  title,
  onClose,
  children,
  role,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  role?: 'alertdialog';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const titleId = useId(); // titles may be in any script
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      role={role}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {open && children}
    </dialog>
  );
}
