// The reference for Talkie's dlib reader: dlib's own shape_predictor on the same pixels and box.
// Built by scripts/setup.sh --test against Debian's libdlib-dev; run by DlibReferenceTests.
//
//   dlib_landmarks MODEL < requests
//
// Each request on stdin is a text line "WIDTH HEIGHT LEFT TOP BOXWIDTH BOXHEIGHT" followed by
// WIDTH*HEIGHT*3 bytes of RGB. For each request the program writes one line of 68 "x y" pairs.
#include <dlib/image_processing.h>
#include <dlib/image_processing/shape_predictor.h>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::cerr << "usage: dlib_landmarks MODEL < requests" << std::endl;
        return 2;
    }
    dlib::shape_predictor predictor;
    dlib::deserialize(argv[1]) >> predictor;

    std::ios::sync_with_stdio(false);
    long width, height, left, top, boxWidth, boxHeight;
    while (std::cin >> width >> height >> left >> top >> boxWidth >> boxHeight)
    {
        std::cin.get(); // the newline after the header
        std::vector<unsigned char> rgb(static_cast<size_t>(width * height * 3));
        std::cin.read(reinterpret_cast<char*>(rgb.data()), static_cast<std::streamsize>(rgb.size()));
        if (!std::cin)
        {
            std::cerr << "truncated image" << std::endl;
            return 1;
        }
        dlib::array2d<dlib::rgb_pixel> image(height, width);
        for (long y = 0; y < height; ++y)
        {
            for (long x = 0; x < width; ++x)
            {
                const unsigned char* p = &rgb[static_cast<size_t>((y * width + x) * 3)];
                image[y][x] = dlib::rgb_pixel(p[0], p[1], p[2]);
            }
        }
        dlib::rectangle box(left, top, left + boxWidth - 1, top + boxHeight - 1);
        dlib::full_object_detection shape = predictor(image, box);
        for (unsigned long i = 0; i < shape.num_parts(); ++i)
        {
            std::cout << (i ? " " : "") << shape.part(i).x() << ' ' << shape.part(i).y();
        }
        std::cout << std::endl;
    }
    return 0;
}
