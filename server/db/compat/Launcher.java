import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Starts mongo-java-server (in-memory backend) on 127.0.0.1 and prints one ready line.
 * It reports MongoDB 7.0 / wire version 21 because the Node driver 7 refuses servers below
 * wire version 9. It exits when its standard input closes, so a parent that dies (even by
 * SIGKILL) never leaves it running.
 */
public final class Launcher {
  private static final MongoVersion MONGO_7_0 = new MongoVersion() {
    @Override public List<Integer> getVersionArray() { return List.of(7, 0, 0); }
    @Override public int getWireVersion() { return 21; }
  };

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    MongoServer server = new MongoServer(new MemoryBackend().version(MONGO_7_0));
    server.bind("127.0.0.1", port);
    InetSocketAddress address = server.getLocalAddress();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    System.out.println("RETAINLY_COMPAT_READY port=" + address.getPort());
    System.out.flush();
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) { /* the parent keeps the pipe open while it lives */ }
      } catch (Exception ignored) { }
      System.exit(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    Thread.currentThread().join();
  }
}
