import {
  addTool,
  BidirectionalTool,
  EllipticalROITool,
  Enums as ToolEnums,
  init as initTools,
  PanTool,
  StackScrollTool,
  synchronizers,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import { getRenderingEngine, type Types } from '@cornerstonejs/core';
import type { MeasurementPart } from './annotationMapper';
import type { ImageIndex } from './imageIndex';
import { createMeasurementLayer, EnhancingBidirectionalTool, toolNameOf, type MeasurementLayer } from './measurementLayer';

type PressEvent = Parameters<ZoomTool['preMouseDownCallback']>[0];

/*
 * Cornerstone hands a press of any button that lands on a caliper to that caliper, and the drag then
 * moves it: a reader panning (middle button) or zooming (right) from the lesion would move its
 * measurement. The navigation tools claim their presses first, so their drags only pan and zoom.
 */
class PanOverCalipersTool extends PanTool {
  static override toolName = 'NadirPan';
  preMouseDownCallback(): boolean {
    return true;
  }
}

class ZoomOverCalipersTool extends ZoomTool {
  static override toolName = 'NadirZoom';
  constructor(...args: ConstructorParameters<typeof ZoomTool>) {
    super(...args);
    const zoomPress = this.preMouseDownCallback; // where the zoom is anchored
    this.preMouseDownCallback = (event: PressEvent) => {
      zoomPress(event);
      return true;
    };
  }
}

const navigationTools = [WindowLevelTool, StackScrollTool, PanOverCalipersTool, ZoomOverCalipersTool];
const measurementTools = [BidirectionalTool, EnhancingBidirectionalTool];
/** The density region (Choi): drawn, measured and removed at once; nothing of it stays to grab. */
const densityTool = EllipticalROITool;

export type LinkKind = 'windowLevel' | 'zoomPan';
/**
 * What the left mouse button does: window/level, draw a caliper of the whole lesion or its viable
 * part, draw an ellipse whose mean attenuation becomes the lesion's density, or click-to-measure (a
 * click proposes the lesion's calipers; a drag still sets the window).
 */
export type PrimaryMode = 'windowLevel' | MeasurementPart | 'density' | 'click';

/** A press that moves less than this (CSS px) before it is released is a click, not a drag. */
const CLICK_SLOP_PX = 4;

export interface ReadingTools {
  /** Mouse bindings of a reading viewport: drag = window/level or caliper, wheel = scroll, middle = pan, right = zoom. */
  attach(viewportId: string, renderingEngineId: string): void;
  /** Links or unlinks window/level or zoom/pan between viewports. */
  setLinked(kind: LinkKind, viewportIds: readonly string[], renderingEngineId: string, linked: boolean): void;
  setPrimaryMode(mode: PrimaryMode): void;
  /** Wheel down moves toward the feet (reading order); inverted, toward the head. */
  setWheelInverted(inverted: boolean): void;
  measurements: MeasurementLayer;
}

const groupIdOf = (viewportId: string) => `nadir-tools-${viewportId}`;

/** Registers Cornerstone's tools once; call it from the runtime only. */
export function registerReadingTools(renderingEngineId: string, images: ImageIndex): ReadingTools {
  initTools();
  for (const tool of [...navigationTools, ...measurementTools, densityTool]) addTool(tool);
  const links = {
    windowLevel: synchronizers.createVOISynchronizer('nadir-link-window-level', { syncInvertState: false, syncColormap: false }),
    zoomPan: synchronizers.createZoomPanSynchronizer('nadir-link-zoom-pan'),
  };
  const groups = new Set<string>();
  const clickable = new WeakSet<HTMLElement>();
  let mode: PrimaryMode = 'windowLevel';
  let wheelInverted = false;
  const { MouseBindings } = ToolEnums;

  const applyMode = (groupId: string) => {
    const group = ToolGroupManager.getToolGroup(groupId);
    if (!group) return;
    const primaryTool = mode === 'windowLevel' || mode === 'click' ? WindowLevelTool.toolName : mode === 'density' ? densityTool.toolName : toolNameOf[mode];
    if (mode === 'density') group.setToolActive(densityTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
    else group.setToolDisabled(densityTool.toolName);
    for (const tool of [WindowLevelTool, ...measurementTools]) {
      if (tool.toolName === primaryTool) group.setToolActive(tool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
      // While navigating, passive calipers let the reader drag the handles of existing measurements.
      // While drawing one part, the other part's calipers only show: a viable-part caliper is drawn
      // inside the lesion's own, and must not grab it.
      else if (mode === 'windowLevel' || mode === 'click' || tool === WindowLevelTool) group.setToolPassive(tool.toolName);
      else group.setToolEnabled(tool.toolName);
    }
  };

  const measurements = createMeasurementLayer(renderingEngineId, images);

  /** In click-to-measure mode a left click (not a drag) on the image asks for a proposal there. */
  const listenForClicks = (viewportId: string, engineId: string) => {
    const viewport = getRenderingEngine(engineId)?.getViewport(viewportId);
    const element = viewport?.element;
    if (!element || clickable.has(element)) return;
    clickable.add(element);
    let pressed: { x: number; y: number } | null = null;
    element.addEventListener('pointerdown', (event) => {
      pressed = event.button === 0 && mode === 'click' ? { x: event.clientX, y: event.clientY } : null;
    });
    element.addEventListener('pointerup', (event) => {
      const start = pressed;
      pressed = null;
      if (!start || mode !== 'click' || Math.hypot(event.clientX - start.x, event.clientY - start.y) > CLICK_SLOP_PX) return;
      const current = getRenderingEngine(engineId)?.getViewport(viewportId);
      if (!current) return;
      const box = current.element.getBoundingClientRect();
      const world = current.canvasToWorld([event.clientX - box.left, event.clientY - box.top]) as Types.Point3 | undefined;
      if (!world) return; // no image shown yet (the CPU renderer)
      void measurements.propose(viewportId, [world[0], world[1], world[2]]);
    });
  };

  return {
    attach(viewportId, engineId) {
      const groupId = groupIdOf(viewportId);
      const group = ToolGroupManager.getToolGroup(groupId) ?? ToolGroupManager.createToolGroup(groupId);
      if (!group) throw new Error(`could not create tool group ${groupId}`);
      for (const tool of navigationTools) if (!group.hasTool(tool.toolName)) group.addTool(tool.toolName);
      // Cornerstone's text boxes set inline style attributes, which the Content-Security-Policy
      // forbids; the viewer draws the lesion labels itself (StudyViewport).
      for (const tool of [...measurementTools, densityTool]) if (!group.hasTool(tool.toolName)) group.addTool(tool.toolName, { getTextLines: () => [] });
      group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
      group.setToolConfiguration(StackScrollTool.toolName, { invert: wheelInverted });
      group.setToolActive(PanOverCalipersTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
      group.setToolActive(ZoomOverCalipersTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
      group.addViewport(viewportId, engineId);
      groups.add(groupId);
      applyMode(groupId);
      listenForClicks(viewportId, engineId);
    },
    setLinked(kind, viewportIds, engineId, linked) {
      const synchronizer = links[kind];
      for (const viewportId of viewportIds) {
        const entry = { viewportId, renderingEngineId: engineId };
        if (linked) synchronizer.add(entry);
        else synchronizer.remove(entry);
      }
    },
    setPrimaryMode(next) {
      mode = next;
      groups.forEach(applyMode);
    },
    setWheelInverted(inverted) {
      wheelInverted = inverted;
      for (const groupId of groups) ToolGroupManager.getToolGroup(groupId)?.setToolConfiguration(StackScrollTool.toolName, { invert: inverted });
    },
    measurements,
  };
}
