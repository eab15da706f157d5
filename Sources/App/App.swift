public enum AppModule {}
