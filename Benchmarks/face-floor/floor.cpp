// The floor for the face benchmark: the same dlib calls as Sources/CDlibFace (decode from memory, downscale to
// 640 px, HOG detection without upsampling, 5-point alignment, one 150x150 chip, the ResNet descriptor) in a plain
// C++ loop with nothing around it. Built by scripts/bench-face.sh with g++ -O2 against Debian's libdlib-dev.
// Usage: floor ROUNDS MODELS_DIR IMAGE...   prints one line per image: name, median and p99 milliseconds, faces.
#include <dlib/dnn.h>
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace dlib;

#include "face_net.hpp"  // Sources/CDlibFace: the very network the shim runs

using minsheng_face::anet_type;

int main(int argc, char **argv) {
    if (argc < 4) { std::fprintf(stderr, "usage: floor ROUNDS MODELS_DIR IMAGE...\n"); return 2; }
    int rounds = std::atoi(argv[1]);
    std::string dir = argv[2];
    frontal_face_detector detector = get_frontal_face_detector();
    shape_predictor predictor;
    anet_type net;
    deserialize(dir + "/shape_predictor_5_face_landmarks.dat") >> predictor;
    deserialize(dir + "/dlib_face_recognition_resnet_model_v1.dat") >> net;
    std::vector<double> all;
    for (int a = 3; a < argc; ++a) {
        std::ifstream in(argv[a], std::ios::binary);
        std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        bool png = bytes.size() > 4 && bytes[0] == 0x89;
        std::vector<double> times;
        size_t faces = 0;
        for (int r = 0; r < rounds; ++r) {
            auto t0 = std::chrono::steady_clock::now();
            matrix<rgb_pixel> img;
            if (png) load_png(img, bytes.data(), bytes.size()); else load_jpeg(img, bytes.data(), bytes.size());
            long longest = std::max(img.nr(), img.nc());
            if (longest > 640) {
                double scale = 640.0 / double(longest);
                matrix<rgb_pixel> small(std::max(1L, long(img.nr() * scale)), std::max(1L, long(img.nc() * scale)));
                resize_image(img, small, interpolate_bilinear());
                img.swap(small);
            }
            std::vector<rectangle> boxes = detector(img);
            faces = boxes.size();
            if (!boxes.empty()) {
                std::sort(boxes.begin(), boxes.end(), [](const rectangle &x, const rectangle &y) { return x.area() > y.area(); });
                full_object_detection shape = predictor(img, boxes[0]);
                matrix<rgb_pixel> chip;
                extract_image_chip(img, get_face_chip_details(shape, 150, 0.25), chip);
                std::vector<matrix<rgb_pixel>> chips{chip};
                volatile float sink = net(chips)[0](0);
                (void)sink;
            }
            times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        }
        all.insert(all.end(), times.begin(), times.end());
        std::sort(times.begin(), times.end());
        std::printf("%s median_ms=%.2f p99_ms=%.2f faces=%zu\n", argv[a], times[times.size() / 2],
                    times[std::min(times.size() - 1, size_t(times.size() * 0.99))], faces);
    }
    std::sort(all.begin(), all.end());
    std::printf("ALL frames=%zu median_ms=%.2f p99_ms=%.2f\n", all.size(), all[all.size() / 2],
                all[std::min(all.size() - 1, size_t(all.size() * 0.99))]);
    return 0;
}
