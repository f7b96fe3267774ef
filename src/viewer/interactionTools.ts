import {
  addTool,
  Enums as ToolEnums,
  init as initTools,
  PanTool,
  StackScrollTool,
  synchronizers,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';

const readingTools = [WindowLevelTool, StackScrollTool, PanTool, ZoomTool];

export type LinkKind = 'windowLevel' | 'zoomPan';

export interface ReadingTools {
  /** Mouse bindings of a reading viewport: drag = window/level, wheel = scroll, middle = pan, right = zoom. */
  attach(viewportId: string, renderingEngineId: string): void;
  /** Links or unlinks window/level or zoom/pan between viewports. */
  setLinked(kind: LinkKind, viewportIds: readonly string[], renderingEngineId: string, linked: boolean): void;
}

/** Registers Cornerstone's tools once; call it from the runtime only. */
export function registerReadingTools(): ReadingTools {
  initTools();
  for (const tool of readingTools) addTool(tool);
  const links = {
    windowLevel: synchronizers.createVOISynchronizer('nadir-link-window-level', { syncInvertState: false, syncColormap: false }),
    zoomPan: synchronizers.createZoomPanSynchronizer('nadir-link-zoom-pan'),
  };
  return {
    attach(viewportId, renderingEngineId) {
      const groupId = `nadir-tools-${viewportId}`;
      const group = ToolGroupManager.getToolGroup(groupId) ?? ToolGroupManager.createToolGroup(groupId);
      if (!group) throw new Error(`could not create tool group ${groupId}`);
      for (const tool of readingTools) if (!group.hasTool(tool.toolName)) group.addTool(tool.toolName);
      const { MouseBindings } = ToolEnums;
      group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
      group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
      group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
      group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
      group.addViewport(viewportId, renderingEngineId);
    },
    setLinked(kind, viewportIds, renderingEngineId, linked) {
      const synchronizer = links[kind];
      for (const viewportId of viewportIds) {
        const entry = { viewportId, renderingEngineId };
        if (linked) synchronizer.add(entry);
        else synchronizer.remove(entry);
      }
    },
  };
}
