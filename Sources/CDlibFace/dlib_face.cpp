// dlib behind a C interface: see include/dlib_face.h. Built with -O2 even in debug builds (Package.swift): dlib's
// templates are about fifty times slower unoptimised.
#include "dlib_face.h"

#include <dlib/dnn.h>
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <cmath>
#include <string>
#include <vector>

using namespace dlib;

#include "face_net.hpp"

using minsheng_face::anet_type;

struct mf_engine {
    frontal_face_detector detector = get_frontal_face_detector();
    shape_predictor predictor;
    shape_predictor predictor68;
    bool has68 = false;
    anet_type net;
};

extern "C" int mf_engine_create(const char *models_dir, mf_engine **out) {
    if (!models_dir || !out) return MF_ERR_ARGUMENT;
    *out = nullptr;
    try {
        auto *engine = new mf_engine();
        std::string dir(models_dir);
        try {
            deserialize(dir + "/shape_predictor_5_face_landmarks.dat") >> engine->predictor;
            deserialize(dir + "/dlib_face_recognition_resnet_model_v1.dat") >> engine->net;
        } catch (...) {
            delete engine;
            return MF_ERR_MODEL;
        }
        *out = engine;
        return MF_OK;
    } catch (...) {
        return MF_ERR_INTERNAL;
    }
}

extern "C" void mf_engine_destroy(mf_engine *engine) { delete engine; }

extern "C" int mf_engine_load_landmarks68(mf_engine *engine, const char *path) {
    if (!engine || !path) return MF_ERR_ARGUMENT;
    try {
        deserialize(std::string(path)) >> engine->predictor68;
        engine->has68 = true;
        return MF_OK;
    } catch (...) {
        engine->has68 = false;
        return MF_ERR_MODEL;
    }
}

// The 68-point measures for blinking: eye aspect ratio (Soukupová and Čech, 2016) over both eyes, and the face's
// height (brows to chin) over its width (jaw ends).
static void blink_measures(const full_object_detection &s, mf_face &face) {
    if (s.num_parts() != 68) return;
    auto d = [&](int a, int b) { return length(s.part(a) - s.part(b)); };
    auto ear = [&](int o) {
        double w = d(o, o + 3);
        return w > 0 ? (d(o + 1, o + 5) + d(o + 2, o + 4)) / (2.0 * w) : 0.0;
    };
    face.eye_openness = float((ear(36) + ear(42)) / 2.0);
    long top = s.part(17).y();
    for (int k = 17; k <= 26; ++k) top = std::min(top, s.part(k).y());
    double width = d(0, 16);
    face.face_ratio = width > 0 ? float(double(s.part(8).y() - top) / width) : 0.f;
}

// EXIF orientations 2–8 as flips and rotations.
static void orient(matrix<rgb_pixel> &img, int orientation) {
    matrix<rgb_pixel> out;
    switch (orientation) {
    case 2: img = fliplr(img); break;
    case 3: img = flipud(fliplr(img)); break;
    case 4: img = flipud(img); break;
    case 5: img = trans(img); break;                 // transpose
    case 6: img = fliplr(trans(img)); break;         // rotate 90° clockwise
    case 7: img = flipud(fliplr(trans(img))); break; // transverse
    case 8: img = flipud(trans(img)); break;         // rotate 90° counter-clockwise
    default: break;
    }
}

static float laplacian_variance(const matrix<unsigned char> &grey, const rectangle &box) {
    rectangle r = box.intersect(get_rect(grey));
    if (r.width() < 3 || r.height() < 3) return 0;
    double sum = 0, sum2 = 0;
    long n = 0;
    for (long y = r.top() + 1; y < r.bottom(); ++y) {
        for (long x = r.left() + 1; x < r.right(); ++x) {
            double v = 4.0 * grey(y, x) - grey(y - 1, x) - grey(y + 1, x) - grey(y, x - 1) - grey(y, x + 1);
            sum += v;
            sum2 += v * v;
            ++n;
        }
    }
    if (n == 0) return 0;
    double mean = sum / n;
    return float(sum2 / n - mean * mean);
}

static float mean_grey(const matrix<unsigned char> &grey, const rectangle &box) {
    rectangle r = box.intersect(get_rect(grey));
    if (r.is_empty()) return 0;
    double sum = 0;
    for (long y = r.top(); y <= r.bottom(); ++y)
        for (long x = r.left(); x <= r.right(); ++x) sum += grey(y, x);
    return float(sum / double(r.area()));
}

// The largest face's grey surroundings (1.5× its box, centred on it) for the flat-picture check.
static void keep_crop(const matrix<unsigned char> &grey, const rectangle &box, const full_object_detection &shape, mf_result *out, uint8_t *pixels) {
    double side = 1.5 * double(std::max(box.width(), box.height()));
    dpoint c = dcenter(box);
    drectangle region(c.x() - side / 2, c.y() - side / 2, c.x() + side / 2, c.y() + side / 2);
    matrix<unsigned char> crop;
    extract_image_chip(grey, chip_details(region, chip_dims(MF_CROP_SIDE, MF_CROP_SIDE)), crop, interpolate_bilinear());
    for (long y = 0; y < MF_CROP_SIDE; ++y)
        for (long x = 0; x < MF_CROP_SIDE; ++x) pixels[y * MF_CROP_SIDE + x] = crop(y, x);
    double scale = MF_CROP_SIDE / region.width();
    for (unsigned k = 0; k < 5 && k < shape.num_parts(); ++k) {
        out->crop_landmarks[2 * k] = float((shape.part(k).x() - region.left()) * scale);
        out->crop_landmarks[2 * k + 1] = float((shape.part(k).y() - region.top()) * scale);
    }
}

// Decodes JPEG or PNG bytes; an empty image counts as undecodable.
static int decode_bytes(const uint8_t *bytes, size_t length, int format, matrix<rgb_pixel> &img) {
    try {
        if (format == MF_FORMAT_JPEG) load_jpeg(img, bytes, length);
        else if (format == MF_FORMAT_PNG) load_png(img, bytes, length);
        else return MF_ERR_ARGUMENT;
    } catch (...) {
        return MF_ERR_DECODE;
    }
    return img.size() == 0 ? MF_ERR_DECODE : MF_OK;
}

// Scales the image so its long side is at most max_side.
static void downscale(matrix<rgb_pixel> &img, long max_side) {
    long longest = std::max(img.nr(), img.nc());
    if (longest <= max_side) return;
    double scale = double(max_side) / double(longest);
    matrix<rgb_pixel> small(std::max(1L, long(img.nr() * scale)), std::max(1L, long(img.nc() * scale)));
    resize_image(img, small, interpolate_bilinear());
    img.swap(small);
}

extern "C" int mf_analyze(mf_engine *engine, const uint8_t *bytes, size_t length, int format, int orientation, int max_side,
                          int upsample, mf_result *out, uint8_t *crop_out) {
    if (!engine || !bytes || !out || length == 0 || max_side < 32) return MF_ERR_ARGUMENT;
    std::memset(out, 0, sizeof(mf_result));
    matrix<rgb_pixel> img;
    int decoded = decode_bytes(bytes, length, format, img);
    if (decoded != MF_OK) return decoded;
    try {
        orient(img, orientation);
        downscale(img, max_side);
        out->width = int32_t(img.nc());
        out->height = int32_t(img.nr());
        matrix<unsigned char> grey;
        assign_image(grey, img);

        std::vector<rectangle> boxes;
        if (upsample > 0) {
            matrix<rgb_pixel> up = img;
            pyramid_up(up);
            boxes = engine->detector(up);
            for (auto &b : boxes) b = rectangle(b.left() / 2, b.top() / 2, b.right() / 2, b.bottom() / 2);
        } else {
            boxes = engine->detector(img);
        }
        std::sort(boxes.begin(), boxes.end(), [](const rectangle &a, const rectangle &b) { return a.area() > b.area(); });
        // A smaller box lying mostly (≥ 50%) inside a larger one is the same face found twice at another scale (the
        // detector's own suppression misses these on tilted or stretched faces), not a second person.
        std::vector<rectangle> kept;
        for (const rectangle &b : boxes) {
            bool duplicate = false;
            for (const rectangle &k : kept)
                if (double(k.intersect(b).area()) >= 0.5 * double(b.area())) { duplicate = true; break; }
            if (!duplicate) kept.push_back(b);
        }
        boxes.swap(kept);
        out->face_count = int32_t(boxes.size());
        size_t n = std::min<size_t>(boxes.size(), MF_MAX_FACES);
        std::vector<matrix<rgb_pixel>> chips;
        for (size_t i = 0; i < n; ++i) {
            const rectangle &box = boxes[i];
            full_object_detection shape = engine->predictor(img, box);
            mf_face &face = out->faces[i];
            face.left = int32_t(box.left());
            face.top = int32_t(box.top());
            face.right = int32_t(box.right());
            face.bottom = int32_t(box.bottom());
            for (unsigned k = 0; k < 5 && k < shape.num_parts(); ++k) {
                face.landmarks[2 * k] = float(shape.part(k).x());
                face.landmarks[2 * k + 1] = float(shape.part(k).y());
            }
            // Eyes: parts 0–1 one eye, 2–3 the other; 4 the base of the nose.
            double ex1 = (shape.part(0).x() + shape.part(1).x()) / 2.0, ey1 = (shape.part(0).y() + shape.part(1).y()) / 2.0;
            double ex2 = (shape.part(2).x() + shape.part(3).x()) / 2.0, ey2 = (shape.part(2).y() + shape.part(3).y()) / 2.0;
            double dx = ex1 - ex2, dy = ey1 - ey2;
            double eyes = std::sqrt(dx * dx + dy * dy);
            face.roll = float(std::atan2(dy, dx) * 180.0 / M_PI);
            if (eyes > 0) {
                // Position of the nose in the frame of the eye line: along it (yaw) and below it (pitch).
                double mx = (ex1 + ex2) / 2.0, my = (ey1 + ey2) / 2.0;
                double nx = shape.part(4).x() - mx, ny = shape.part(4).y() - my;
                double ux = dx / eyes, uy = dy / eyes;
                face.yaw = float((nx * ux + ny * uy) / eyes);
                face.pitch = float((-nx * uy + ny * ux) / eyes);
            }
            if (engine->has68) blink_measures(engine->predictor68(img, box), face);
            face.sharpness = laplacian_variance(grey, box);
            face.brightness = mean_grey(grey, box);
            matrix<rgb_pixel> chip;
            extract_image_chip(img, get_face_chip_details(shape, 150, 0.25), chip);
            chips.push_back(std::move(chip));
            if (i == 0 && crop_out) keep_crop(grey, box, shape, out, crop_out);
        }
        if (!chips.empty()) {
            std::vector<matrix<float, 0, 1>> descriptors = engine->net(chips);
            for (size_t i = 0; i < descriptors.size() && i < n; ++i)
                for (long k = 0; k < 128; ++k) out->faces[i].descriptor[k] = descriptors[i](k);
        }
        return MF_OK;
    } catch (...) {
        return MF_ERR_INTERNAL;
    }
}

// ---- The flat-picture check -------------------------------------------------------------------------------------

static inline float bilinear(const matrix<float> &m, double x, double y, bool &ok) {
    if (!(x >= 0 && y >= 0 && x < m.nc() - 1 && y < m.nr() - 1)) { ok = false; return 0; }
    long x0 = long(x), y0 = long(y);
    double fx = x - double(x0), fy = y - double(y0);
    ok = true;
    return float((1 - fx) * (1 - fy) * m(y0, x0) + fx * (1 - fy) * m(y0, x0 + 1) + (1 - fx) * fy * m(y0 + 1, x0) + fx * fy * m(y0 + 1, x0 + 1));
}

namespace {
// Samples of the face square of crop A, with B warped onto them by the homography h (in A's normalised coordinates:
// the face square spans -1…1).
struct flat_fit {
    matrix<float> a, b, gx, gy;
    double h[8];

    static constexpr int G = MF_CROP_FACE;
    static constexpr double lo = (MF_CROP_SIDE - MF_CROP_FACE) / 2.0;
    static constexpr double half = MF_CROP_FACE / 2.0;

    void warp(double x, double y, double &u, double &v, double &w) const {
        w = h[6] * x + h[7] * y + 1;
        u = (h[0] * x + h[1] * y + h[2]) / w;
        v = (h[3] * x + h[4] * y + h[5]) / w;
    }

    // One Gauss–Newton step; returns the NCC before the step (or -1 when too few samples fall inside B).
    double step(bool update) {
        matrix<double, 8, 8> jtj;
        matrix<double, 8, 1> jte;
        jtj = 0;
        jte = 0;
        std::vector<double> av, bv;
        std::vector<std::array<double, 8>> js;
        av.reserve(G * G); bv.reserve(G * G); js.reserve(G * G);
        for (int gy_ = 0; gy_ < G; ++gy_) {
            for (int gx_ = 0; gx_ < G; ++gx_) {
                double px = lo + gx_ + 0.5, py = lo + gy_ + 0.5;
                double x = (px - MF_CROP_SIDE / 2.0) / half, y = (py - MF_CROP_SIDE / 2.0) / half;
                double u, v, w;
                warp(x, y, u, v, w);
                bool ok1, ok2, ok3, ok4;
                float bval = bilinear(b, u, v, ok1), aval = bilinear(a, px, py, ok2);
                double dx = bilinear(gx, u, v, ok3), dy = bilinear(gy, u, v, ok4);
                if (!(ok1 && ok2 && ok3 && ok4) || w <= 0) continue;
                double du = dx / w, dv = dy / w, dw = -(dx * u + dy * v) / w;
                js.push_back({du * x, du * y, du, dv * x, dv * y, dv, dw * x, dw * y});
                av.push_back(aval);
                bv.push_back(bval);
            }
        }
        size_t n = av.size();
        if (n < size_t(G * G / 2)) return -1;
        double ma = 0, mb = 0;
        for (size_t i = 0; i < n; ++i) { ma += av[i]; mb += bv[i]; }
        ma /= double(n); mb /= double(n);
        double saa = 0, sbb = 0, sab = 0;
        for (size_t i = 0; i < n; ++i) {
            double p = av[i] - ma, q = bv[i] - mb;
            saa += p * p; sbb += q * q; sab += p * q;
        }
        if (saa <= 1e-9 || sbb <= 1e-9) return -1;
        double ncc = sab / std::sqrt(saa * sbb);
        if (!update) return ncc;
        double gain = sab / saa;
        for (size_t i = 0; i < n; ++i) {
            double e = (bv[i] - mb) - gain * (av[i] - ma);
            for (int p = 0; p < 8; ++p) {
                jte(p) += js[i][p] * e;
                for (int q = p; q < 8; ++q) jtj(p, q) += js[i][p] * js[i][q];
            }
        }
        for (int p = 0; p < 8; ++p) for (int q = 0; q < p; ++q) jtj(p, q) = jtj(q, p);
        double damping = 1e-6 * trace(jtj) / 8 + 1e-12;
        for (int p = 0; p < 8; ++p) jtj(p, p) += damping;
        matrix<double, 8, 1> delta = inv(jtj) * jte;
        for (int p = 0; p < 8; ++p) {
            if (!std::isfinite(delta(p))) return -1;
            h[p] -= delta(p);
        }
        return ncc;
    }

    // The lowest normalised cross-correlation over a 4×4 grid of the face square, counting only cells with texture
    // (grey-level deviation ≥ 4 in A): a plane leaves every cell aligned, a head's parallax breaks some (nose, cheeks,
    // outline). Falls back to the whole square's correlation where no cell has texture.
    double worst_cell(double whole) const {
        const int cell = G / 4;
        double worst = 2;
        for (int cy = 0; cy < 4; ++cy) {
            for (int cx = 0; cx < 4; ++cx) {
                double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                int n = 0;
                for (int yy = cy * cell; yy < (cy + 1) * cell; ++yy) {
                    for (int xx = cx * cell; xx < (cx + 1) * cell; ++xx) {
                        double px = lo + xx + 0.5, py = lo + yy + 0.5;
                        double x = (px - MF_CROP_SIDE / 2.0) / half, y = (py - MF_CROP_SIDE / 2.0) / half, u, v, w;
                        warp(x, y, u, v, w);
                        bool ok1, ok2;
                        double bv = bilinear(b, u, v, ok1), av = bilinear(a, px, py, ok2);
                        if (!ok1 || !ok2 || w <= 0) continue;
                        sa += av; sb += bv; saa += av * av; sbb += bv * bv; sab += av * bv;
                        ++n;
                    }
                }
                if (n < cell * cell / 2) continue;
                double va = saa / n - (sa / n) * (sa / n), vb = sbb / n - (sb / n) * (sb / n), cab = sab / n - (sa / n) * (sb / n);
                if (va < 16) continue;
                worst = std::min(worst, cab / std::sqrt(va * vb + 1e-9));
            }
        }
        return worst > 1 ? whole : worst;
    }
};
}  // namespace

extern "C" float mf_flat_fit(const uint8_t *crop_a, const float *landmarks_a, const uint8_t *crop_b, const float *landmarks_b) {
    if (!crop_a || !crop_b || !landmarks_a || !landmarks_b) return -1;
    try {
        matrix<float> a(MF_CROP_SIDE, MF_CROP_SIDE), b(MF_CROP_SIDE, MF_CROP_SIDE);
        for (long y = 0; y < MF_CROP_SIDE; ++y)
            for (long x = 0; x < MF_CROP_SIDE; ++x) {
                a(y, x) = crop_a[y * MF_CROP_SIDE + x];
                b(y, x) = crop_b[y * MF_CROP_SIDE + x];
            }
        // The affine map of A's landmarks (normalised) onto B's, by least squares: the starting point.
        matrix<double> m(10, 6), rhs(10, 1);
        m = 0;
        const double half = flat_fit::half, mid = MF_CROP_SIDE / 2.0;
        for (int i = 0; i < 5; ++i) {
            double x = (landmarks_a[2 * i] - mid) / half, y = (landmarks_a[2 * i + 1] - mid) / half;
            m(2 * i, 0) = x; m(2 * i, 1) = y; m(2 * i, 2) = 1; rhs(2 * i) = landmarks_b[2 * i];
            m(2 * i + 1, 3) = x; m(2 * i + 1, 4) = y; m(2 * i + 1, 5) = 1; rhs(2 * i + 1) = landmarks_b[2 * i + 1];
        }
        matrix<double> affine = pinv(m) * rhs;
        flat_fit fit;
        for (int p = 0; p < 6; ++p) fit.h[p] = affine(p);
        fit.h[6] = fit.h[7] = 0;
        for (int p = 0; p < 6; ++p) if (!std::isfinite(fit.h[p])) return -1;
        // Coarse to fine: a strong blur first to pull the fit in, then a light one to finish.
        const double sigmas[2] = {3.0, 1.2};
        double best = -1;
        for (double sigma : sigmas) {
            gaussian_blur(a, fit.a, sigma);
            gaussian_blur(b, fit.b, sigma);
            sobel_edge_detector(fit.b, fit.gx, fit.gy);
            fit.gx /= 8;
            fit.gy /= 8;
            double previous = -2;
            for (int it = 0; it < 30; ++it) {
                double ncc = fit.step(true);
                if (ncc < -0.99) return -1;
                if (std::fabs(ncc - previous) < 1e-5) break;
                previous = ncc;
            }
            best = fit.step(false);
        }
        if (best < -0.99) return -1;
        return float(fit.worst_cell(best));
    } catch (...) {
        return -1;
    }
}

extern "C" int mf_decode_grey(const uint8_t *bytes, size_t length, int format, int max_side, uint8_t *out, int32_t *width, int32_t *height) {
    if (!bytes || !out || !width || !height || length == 0 || max_side < 32) return MF_ERR_ARGUMENT;
    matrix<rgb_pixel> img;
    int decoded = decode_bytes(bytes, length, format, img);
    if (decoded != MF_OK) return decoded;
    try {
        downscale(img, max_side);
        matrix<unsigned char> grey;
        assign_image(grey, img);
        *width = int32_t(grey.nc());
        *height = int32_t(grey.nr());
        for (long y = 0; y < grey.nr(); ++y)
            for (long x = 0; x < grey.nc(); ++x) out[y * grey.nc() + x] = grey(y, x);
        return MF_OK;
    } catch (...) {
        return MF_ERR_INTERNAL;
    }
}
