import type { ReactNode } from 'react';
import type { LineItem } from '../../worker/protocol';
import { money } from './cost-format';

/**
 * A bill's line items, each with its rule inline: the run's bill (with the editors under their
 * lines and each line's month) and the month estimate's (amounts only) share it.
 */
export function CostLineItems({ items, label, editorOf, showMonth }: { items: readonly LineItem[]; label: string; editorOf?: (item: LineItem, index: number) => ReactNode; showMonth: boolean }) {
  return (
    <table className="w-full border-collapse tabular-nums [&_td+td]:pl-2 [&_th+th]:pl-2" aria-label={label}>
      <thead className="text-left text-slate-400">
        <tr>
          <th className="font-normal">Item</th>
          <th className="text-right font-normal">Quantity</th>
          <th className="text-right font-normal">Unit price</th>
          <th className="text-right font-normal">Amount</th>
          {showMonth ? (
            <th className="text-right font-normal" title="Each line scaled to a 730-hour month: hourly fees per billed clock hour, traffic at the simulated rate">
              Month
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {items.map((item, index) => (
          <tr key={`${item.item}|${item.resource}`} title={item.resource} className="border-t border-slate-800 align-top hover:bg-slate-800/60" data-testid="cost-line">
            <td className="py-0.5">
              {item.item}
              <div className="text-[10px] leading-tight text-slate-400" data-testid="cost-rule">
                {item.rule}
              </div>
              {editorOf?.(item, index)}
            </td>
            <td className="text-right">
              {item.quantity.toPrecision(4)} {item.unit}
            </td>
            <td className="text-right">${item.unitPrice}</td>
            <td className="text-right">{money(item.amount)}</td>
            {showMonth ? (
              <td className="text-right" data-testid="cost-line-monthly">
                {money(item.monthly)}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
