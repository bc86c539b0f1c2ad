import { GroupCategory } from '../categories';
import { defineGroupType, type GroupType, type GroupTypeDeclaration } from '../group-type';
import { NotificationContextField } from '../notification-config';
import { PriorityLevel } from '../priority';

/**
 * Issues found in profiles (ids 2xxx). They share category PERFORMANCE (the
 * PROFILE category is deprecated), are released, and default to LOW priority.
 * Retired ids that must never be reused: 2000, 2004, 2005, 2006, 2008, 2010.
 */
type Row = [typeId: number, slug: string, description: string, categoryV2: GroupCategory, extra?: Partial<GroupTypeDeclaration>];

const { MOBILE, METRIC } = GroupCategory;

const ROWS: readonly Row[] = [
  [2001, 'profile_file_io_main_thread', 'File I/O on Main Thread', MOBILE],
  [2002, 'profile_image_decode_main_thread', 'Image Decoding on Main Thread', MOBILE],
  [2003, 'profile_json_decode_main_thread', 'JSON Decoding on Main Thread', MOBILE],
  [2007, 'profile_regex_main_thread', 'Regex on Main Thread', MOBILE],
  [2009, 'profile_frame_drop', 'Frame Drop', MOBILE, { noiseConfig: { ignoreLimit: 2000 } }],
  [2011, 'profile_function_regression', 'Function Regression', METRIC, {
    enableAutoResolve: false,
    defaultPriority: PriorityLevel.MEDIUM,
    notificationConfig: { context: [NotificationContextField.APPROX_START_TIME] },
  }],
];

export const PROFILE_GROUP_TYPES: readonly GroupType[] = Object.freeze(
  ROWS.map(([typeId, slug, description, categoryV2, extra]) =>
    defineGroupType({
      typeId,
      slug,
      description,
      category: GroupCategory.PERFORMANCE,
      categoryV2,
      released: true,
      defaultPriority: PriorityLevel.LOW,
      ...extra,
    }),
  ),
);
