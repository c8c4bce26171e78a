// The screens the window can show, by id: the navigation, the guided start and the menu's
// commands name them, so the type lives below all three rather than in App.tsx.
export type ScreenId = 'start' | 'data' | 'explore' | 'report' | 'audit' | 'help';
