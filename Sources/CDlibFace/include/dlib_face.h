// A plain C interface to dlib's face detection, 5-point alignment and ResNet face descriptor, for Swift.
// Every call catches every C++ exception: errors come back as codes, never as crashes.
#ifndef MINSHENG_DLIB_FACE_H
#define MINSHENG_DLIB_FACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Opaque engine: the HOG detector, the shape predictor and the recognition network. Not thread-safe: callers
/// serialise calls into one engine (keep one engine per core).
typedef struct mf_engine mf_engine;

enum {
    MF_OK = 0,
    MF_ERR_MODEL = 1,      // a model file is missing or unreadable
    MF_ERR_DECODE = 2,     // the bytes are not a decodable JPEG or PNG
    MF_ERR_ARGUMENT = 3,   // null pointers, an unknown format, an empty buffer
    MF_ERR_INTERNAL = 4,   // anything else dlib threw
};

enum { MF_FORMAT_JPEG = 1, MF_FORMAT_PNG = 2 };

#define MF_MAX_FACES 8

typedef struct {
    // Box in the coordinates of the oriented, downscaled image (may run outside it).
    int32_t left, top, right, bottom;
    // 5 landmarks (x, y): right eye outer/inner, left eye outer/inner, nose base — dlib's 5-point order.
    float landmarks[10];
    // Quality measures.
    float sharpness;   // variance of the Laplacian over the face box (grey levels²)
    float brightness;  // mean grey level over the face box (0–255)
    float roll;        // degrees, from the eye line
    float yaw;         // nose offset from the eyes' midpoint, as a share of the eye distance (0 = frontal)
    float pitch;       // nose drop below the eye line, as a share of the eye distance
    float descriptor[128];
} mf_face;

typedef struct {
    int32_t width, height;  // of the image analysed (after orientation and downscaling)
    int32_t face_count;     // faces found (only the first MF_MAX_FACES, largest first, are filled in)
    mf_face faces[MF_MAX_FACES];
} mf_result;

/// Loads the models from a folder holding shape_predictor_5_face_landmarks.dat and dlib_face_recognition_resnet_model_v1.dat.
int mf_engine_create(const char *models_dir, mf_engine **out);
void mf_engine_destroy(mf_engine *engine);

/// Decodes the image, applies the EXIF orientation (1–8), scales it so the long side is at most `max_side`, finds
/// faces and describes them. `upsample` is the detector's pyramid upsampling (0 or 1).
int mf_analyze(mf_engine *engine, const uint8_t *bytes, size_t length, int format, int orientation, int max_side,
               int upsample, mf_result *out);

#ifdef __cplusplus
}
#endif

#endif
