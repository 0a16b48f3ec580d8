/*
 * fs_model_fmgr.h: the match model for other fmgr files.
 */
#ifndef C360_FS_MODEL_FMGR_H
#define C360_FS_MODEL_FMGR_H

#include "postgres.h"
#include "fmgr.h"

#include "fs_model.h"

/*
 * The model passed as argument 0 (a c360.match_model), checked once and
 * cached for the call site (and shared by the backend's call sites while
 * the model stays the same).  Errors on a malformed model.
 */
extern const C360FsModel *c360_fs_cached_model(FunctionCallInfo fcinfo);

#endif							/* C360_FS_MODEL_FMGR_H */
