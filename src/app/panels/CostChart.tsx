const WIDTH = 360;
const HEIGHT = 90;

/** Cost accrued over simulated time: a small SVG line (a handful of points, no chart library needed). */
export function CostChart({ timeS, total }: { timeS: number[]; total: number[] }) {
  const maxT = Math.max(1e-9, ...timeS);
  const maxC = Math.max(1e-12, ...total);
  const points = timeS.map((t, i) => `${((t / maxT) * WIDTH).toFixed(1)},${(HEIGHT - ((total[i] ?? 0) / maxC) * HEIGHT).toFixed(1)}`).join(' ');
  return (
    <figure className="m-0">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-24 w-full rounded bg-slate-900" role="img" aria-label={`Cost accrued over ${maxT.toFixed(1)} simulated seconds, up to $${maxC.toFixed(6)}`}>
        <polyline points={points} fill="none" stroke="#f59e0b" strokeWidth={1.5} />
      </svg>
      <figcaption className="flex justify-between text-[10px] text-slate-400">
        <span>0 s</span>
        <span>cost accrued (clock-hour fees step up each new hour)</span>
        <span>{maxT.toFixed(1)} s</span>
      </figcaption>
    </figure>
  );
}
