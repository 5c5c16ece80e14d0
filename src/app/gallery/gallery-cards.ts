import { exampleNames, examples } from '../../scenario/examples';
import { galleryEntry, type GalleryEntry } from '../../scenario/examples/gallery';
import { parseScenario } from '../../scenario/validate';
import { thumbnailOf, type Thumbnail } from './thumbnail';

export interface GalleryCard extends GalleryEntry {
  name: string;
  /** undefined if the example does not parse (the gallery test forbids it; the card then says so instead of crashing). */
  thumbnail: Thumbnail | undefined;
}

let cards: GalleryCard[] | undefined;

/** Every built-in example as a gallery card, in the examples' order; computed once, on first use. */
export function galleryCards(): GalleryCard[] {
  cards ??= exampleNames().map((name) => {
    let thumbnail: Thumbnail | undefined;
    try {
      thumbnail = thumbnailOf(parseScenario(examples[name]));
    } catch {
      thumbnail = undefined;
    }
    return { name, ...galleryEntry(name), thumbnail };
  });
  return cards;
}
