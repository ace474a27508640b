/** Markers on corrections and media-center comments: stored as the input JSON, read back as union members. */
export interface StoredMarker {
  type: 'PIN' | 'RECTANGLE' | 'CIRCLE' | 'LINE' | 'MEASUREMENT_RECTANGLE' | 'MEASUREMENT_LINE';
  x: number;
  y: number;
  xEnd: number;
  yEnd: number;
  pageNo: number;
}

/** Fills the optional input fields: a missing end point is the start point, a missing page is 0. */
export function normalizeMarkers(
  input: Array<Partial<StoredMarker> & Pick<StoredMarker, 'type' | 'x' | 'y'>> | null | undefined,
): StoredMarker[] {
  return (input ?? []).map((m) => ({
    type: m.type,
    x: m.x,
    y: m.y,
    xEnd: m.xEnd ?? m.x,
    yEnd: m.yEnd ?? m.y,
    pageNo: m.pageNo ?? 0,
  }));
}

export function parseMarkers(json: string): StoredMarker[] {
  return JSON.parse(json) as StoredMarker[];
}

const MARKER_TYPES = {
  PIN: 'PinMarker',
  RECTANGLE: 'RectangleMarker',
  CIRCLE: 'CircleMarker',
  LINE: 'LineMarker',
  MEASUREMENT_RECTANGLE: 'MeasurementRectangleMarker',
  MEASUREMENT_LINE: 'MeasurementLineMarker',
} as const;

const COMMENT_MARKER_TYPES = {
  PIN: 'CommentPinMarker',
  RECTANGLE: 'CommentRectangleMarker',
  CIRCLE: 'CommentCircleMarker',
  LINE: 'CommentLineMarker',
  MEASUREMENT_RECTANGLE: 'MeasurementCommentRectangleMarker',
  MEASUREMENT_LINE: 'MeasurementCommentLineMarker',
} as const;

export const markerUnions = {
  Marker: { __resolveType: (m: StoredMarker) => MARKER_TYPES[m.type] },
  CommentMarker: { __resolveType: (m: StoredMarker) => COMMENT_MARKER_TYPES[m.type] },
};
