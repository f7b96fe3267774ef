import {
  addTool,
  Enums as ToolEnums,
  init as initTools,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';

const readingTools = [WindowLevelTool, StackScrollTool, PanTool, ZoomTool];

export interface ReadingTools {
  /** Mouse bindings of a reading viewport: drag = window/level, wheel = scroll, middle = pan, right = zoom. */
  attach(viewportId: string, renderingEngineId: string): void;
}

/** Registers Cornerstone's tools once; call it from the runtime only. */
export function registerReadingTools(): ReadingTools {
  initTools();
  for (const tool of readingTools) addTool(tool);
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
  };
}
