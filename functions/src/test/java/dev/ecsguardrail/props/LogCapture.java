package dev.ecsguardrail.props;

import java.io.StringWriter;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * Captures what the product logs, formatted as in production: an appender with the layout of the
 * configured {@code JsonAppender} (log4j2.properties: Powertools' JSON template), added beside it
 * to the {@code dev.ecsguardrail} logger and the root logger until closed.
 */
public final class LogCapture implements AutoCloseable {

  private final StringWriter sink = new StringWriter();
  private final LoggerContext context;
  private final Appender appender;
  private final List<LoggerConfig> loggers;

  public LogCapture() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    Layout<?> layout = config.getAppender("JsonAppender").getLayout();
    appender =
        WriterAppender.newBuilder()
            .setName("capture-" + System.identityHashCode(this))
            .setTarget(sink)
            .setLayout(layout)
            .build();
    appender.start();
    config.addAppender(appender);
    loggers = List.of(config.getLoggerConfig("dev.ecsguardrail"), config.getRootLogger());
    loggers.forEach(l -> l.addAppender(appender, null, null));
    context.updateLoggers();
  }

  /** Every line logged so far, as written. */
  public List<String> lines() {
    synchronized (sink) {
      return sink.toString().lines().toList();
    }
  }

  /** Everything logged so far, as written. */
  public String text() {
    synchronized (sink) {
      return sink.toString();
    }
  }

  @Override
  public void close() {
    loggers.forEach(l -> l.removeAppender(appender.getName()));
    context.getConfiguration().getAppenders().remove(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
