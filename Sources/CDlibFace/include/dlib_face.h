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
/// The grey crop kept of the largest face for the flat-picture check: MF_CROP_SIDE² pixels covering 1.5× the face box,
/// the box itself being the central MF_CROP_FACE² square.
#define MF_CROP_SIDE 120
#define MF_CROP_FACE 80

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
    // With the optional 68-point model only (0 without it): the eyes' aspect ratio (mean of both, open ≈ 0.25–0.35,
    // closed ≈ 0.1) and the face's height over its width (brows to chin over jaw width), for blinking.
    float eye_openness;
    float face_ratio;
    float descriptor[128];
} mf_face;

typedef struct {
    int32_t width, height;  // of the image analysed (after orientation and downscaling)
    int32_t face_count;     // faces found (only the first MF_MAX_FACES, largest first, are filled in)
    mf_face faces[MF_MAX_FACES];
    // The largest face's 5 landmarks in the pixels of its crop (see mf_analyze's `crop`).
    float crop_landmarks[10];
} mf_result;

/// Loads the models from a folder holding shape_predictor_5_face_landmarks.dat and dlib_face_recognition_resnet_model_v1.dat.
int mf_engine_create(const char *models_dir, mf_engine **out);
void mf_engine_destroy(mf_engine *engine);

/// Loads the optional 68-point shape predictor (Debian's libdlib-data; upstream restricts it to non-commercial use),
/// which adds eye openness and face ratio to every face found afterwards.
int mf_engine_load_landmarks68(mf_engine *engine, const char *path);

/// Decodes the image, applies the EXIF orientation (1–8), scales it so the long side is at most `max_side`, finds
/// faces and describes them. `upsample` is the detector's pyramid upsampling (0 or 1). When `crop` is not null it
/// receives the largest face's surroundings in grey, row-major, MF_CROP_SIDE² bytes (kept in memory only).
int mf_analyze(mf_engine *engine, const uint8_t *bytes, size_t length, int format, int orientation, int max_side,
               int upsample, mf_result *out, uint8_t *crop);

/// Decodes a JPEG or PNG into grey levels (row-major, `*width` × `*height`), scaled so the long side is at most
/// `max_side`, for the QR reader. `out` must hold max_side² bytes. Needs no engine.
int mf_decode_grey(const uint8_t *bytes, size_t length, int format, int max_side, uint8_t *out, int32_t *width, int32_t *height);

/// How well a single plane moved in space explains the change from face crop `a` to face crop `b` (both from
/// mf_analyze's `crop`, with their crop landmarks): a homography with gain and bias is fitted by Gauss–Newton from the
/// landmarks' affine fit, coarse to fine, and the lowest normalised cross-correlation of the textured cells of a 4×4
/// grid over the face square after the fit is returned (1 = perfectly explained). A flat picture turned or tilted in
/// front of a camera stays near 1 in every cell; a real head turning or nodding does not, because the nose and cheeks
/// move against the eyes (parallax). -1 when no fit is possible. Pure: no engine, nothing kept.
float mf_flat_fit(const uint8_t *crop_a, const float *landmarks_a, const uint8_t *crop_b, const float *landmarks_b);

#ifdef __cplusplus
}
#endif

#endif
