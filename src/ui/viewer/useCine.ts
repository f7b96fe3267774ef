import { useEffect, useState } from 'react';
import type { StackViewer } from '../../viewer/stackViewer';

/** Marks the cine controls: pressing them is not "other input" that stops the cine. */
export const CINE_CONTROL = 'data-cine-control';

/**
 * Cine: plays the viewer given through its series, looping, at `fps`. It stops on any other input
 * (a key, a click, the wheel), so the reader is never fighting a moving image.
 */
export function useCine(viewerOf: () => { viewer: StackViewer; sliceCount: number } | null, fps: number) {
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      const target = viewerOf();
      if (!target) return setPlaying(false);
      const next = target.viewer.currentIndex() + 1;
      target.viewer.jumpTo(next >= target.sliceCount ? 0 : next);
    }, 1000 / fps);
    const stop = (event: Event) => {
      const onControl = event.target instanceof Element && event.target.closest(`[${CINE_CONTROL}]`) !== null;
      if (event instanceof KeyboardEvent) {
        // The cine key toggles it itself, as Enter and Space do on its focused button.
        if (event.key.toLowerCase() === 'c' || (onControl && (event.key === 'Enter' || event.key === ' '))) return;
      } else if (onControl) return;
      setPlaying(false);
    };
    const options = { capture: true };
    window.addEventListener('keydown', stop, options);
    window.addEventListener('pointerdown', stop, options);
    window.addEventListener('wheel', stop, options);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('keydown', stop, options);
      window.removeEventListener('pointerdown', stop, options);
      window.removeEventListener('wheel', stop, options);
    };
  }, [playing, fps, viewerOf]);

  return { playing, toggle: () => setPlaying((value) => !value), stop: () => setPlaying(false) };
}
