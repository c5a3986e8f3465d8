/** Toasts: short confirmations ("Copied 42 lines") in a polite live region, gone after a few seconds. */
import { type ReactNode, createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';

interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
}

type Notify = (message: string, tone?: Toast['tone']) => void;

const ToastContext = createContext<Notify>(() => {});

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const notify = useCallback<Notify>((message, tone = 'info') => {
    const id = nextId.current++;
    setToasts(list => [...list.slice(-2), { id, message, tone }]);
    setTimeout(() => setToasts(list => list.filter(t => t.id !== id)), tone === 'error' ? 6000 : 2800);
  }, []);
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map(t => (
          <div key={t.id} className={`toast toast--${t.tone}`}>
            {t.message}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  return useContext(ToastContext);
}
