"""What the certificate's PDF needs beside WeasyPrint: its user-agent stylesheet and the
text its glyphs copy out as."""
