// dlib behind a C interface: see include/dlib_face.h. Built with -O2 even in debug builds (Package.swift): dlib's
// templates are about fifty times slower unoptimised.
#include "dlib_face.h"

#include <dlib/dnn.h>
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include <algorithm>
#include <cstring>
#include <cmath>
#include <string>
#include <vector>

using namespace dlib;

// The ResNet of dlib's dnn_face_recognition_ex.cpp (dlib_face_recognition_resnet_model_v1).
template <template <int, template <typename> class, int, typename> class block, int N, template <typename> class BN, typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;
template <template <int, template <typename> class, int, typename> class block, int N, template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;
template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;
template <int N, typename SUBNET> using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = relu<residual_down<block, N, affine, SUBNET>>;
template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;
using anet_type = loss_metric<fc_no_bias<128, avg_pool_everything<
    alevel0<alevel1<alevel2<alevel3<alevel4<max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;

struct mf_engine {
    frontal_face_detector detector = get_frontal_face_detector();
    shape_predictor predictor;
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

extern "C" int mf_analyze(mf_engine *engine, const uint8_t *bytes, size_t length, int format, int orientation, int max_side,
                          int upsample, mf_result *out) {
    if (!engine || !bytes || !out || length == 0 || max_side < 32) return MF_ERR_ARGUMENT;
    std::memset(out, 0, sizeof(mf_result));
    matrix<rgb_pixel> img;
    try {
        if (format == MF_FORMAT_JPEG) {
            load_jpeg(img, bytes, length);
        } else if (format == MF_FORMAT_PNG) {
            load_png(img, bytes, length);
        } else {
            return MF_ERR_ARGUMENT;
        }
    } catch (...) {
        return MF_ERR_DECODE;
    }
    try {
        if (img.size() == 0) return MF_ERR_DECODE;
        orient(img, orientation);
        long longest = std::max(img.nr(), img.nc());
        if (longest > max_side) {
            double scale = double(max_side) / double(longest);
            matrix<rgb_pixel> small(std::max(1L, long(img.nr() * scale)), std::max(1L, long(img.nc() * scale)));
            resize_image(img, small, interpolate_bilinear());
            img.swap(small);
        }
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
            face.sharpness = laplacian_variance(grey, box);
            face.brightness = mean_grey(grey, box);
            matrix<rgb_pixel> chip;
            extract_image_chip(img, get_face_chip_details(shape, 150, 0.25), chip);
            chips.push_back(std::move(chip));
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
