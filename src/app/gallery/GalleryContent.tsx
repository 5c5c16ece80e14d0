import { useId } from 'react';
import { useSimStore } from '../store';
import { galleryCards, type GalleryCard } from './gallery-cards';
import { Thumbnail } from './Thumbnail';

/** The gallery dialog's content (GalleryDialog.tsx): a card per built-in example. */
export function GalleryContent({ headingId, onChoose, onClose }: { headingId: string; onChoose: (name: string) => void; onClose: () => void }) {
  const running = useSimStore((s) => s.example);
  return (
    <div className="flex max-h-[88vh] flex-col">
      <div className="flex items-center justify-between border-b border-slate-800 px-4 py-2">
        <h2 id={headingId} className="text-base font-semibold">
          Gallery
        </h2>
        <button type="button" className="rounded bg-slate-700 px-3 py-0.5 text-sm hover:bg-slate-600" onClick={onClose}>
          Close
        </button>
      </div>
      <ul className="grid grid-cols-1 gap-3 overflow-y-auto p-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4" aria-label="Examples">
        {galleryCards().map((card) => (
          <li key={card.name}>
            <Card card={card} running={card.name === running} onChoose={onChoose} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * One example: the title is the card's button (its name is what it shows; what to watch is its
 * description), stretched over the whole card so a click anywhere on the card chooses it.
 */
function Card({ card, running, onChoose }: { card: GalleryCard; running: boolean; onChoose: (name: string) => void }) {
  const watchId = useId();
  return (
    <div
      className={`relative flex h-full flex-col gap-1.5 rounded-md border p-2 hover:border-sky-400 hover:bg-slate-800 focus-within:bg-slate-800 focus-within:ring-2 focus-within:ring-sky-400 ${running ? 'border-sky-500' : 'border-slate-700'}`}
      data-testid="gallery-card"
      data-example={card.name}
    >
      {card.thumbnail ? (
        <Thumbnail model={card.thumbnail} label={`Topology of ${card.name}`} />
      ) : (
        <p className="text-xs text-red-400">This example does not validate; opening it shows why.</p>
      )}
      <div className="flex items-baseline justify-between gap-2">
        <h3 className="text-sm font-semibold">
          <button
            type="button"
            aria-describedby={watchId}
            aria-current={running ? 'true' : undefined}
            // The dialog opens with the focus on the running example: Tab and Enter move on from there.
            autoFocus={running}
            className="text-left outline-none after:absolute after:inset-0 after:content-['']"
            onClick={() => onChoose(card.name)}
          >
            {card.title}
          </button>
        </h3>
        <span className="font-mono text-[11px] text-slate-400">
          {card.name}
          {running ? ' · running' : ''}
        </span>
      </div>
      <p id={watchId} className="text-xs leading-snug text-slate-300">
        <span className="block">{card.watch[0]}</span>
        <span className="mt-0.5 block text-slate-400">{card.watch[1]}</span>
      </p>
    </div>
  );
}
